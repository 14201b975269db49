import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Lead } from '@blinkpost/contract';
import { runCli } from '../../../cli/test/support/cli.js';
import { SENDING_SETTINGS, type Driver } from './workflow.js';

// The workflow through the `blinkpost` CLI, spawned as a user runs it (its output piped, so JSON),
// pointed at the server by BLINKPOST_URL and BLINKPOST_API_KEY, with a config file (and so the
// import's resume state) of its own in the walkthrough's temp dir. Every step is a `blinkpost`
// command; none goes to the API by another way.

/** What `blinkpost leads import --format json` prints when it ran to its end. */
interface ImportSummary {
  file: string;
  list_id: string;
  rows: number;
  imported: number;
  duplicates: number;
  bad_rows: number;
  bad: { line: number; email: string; reason: string }[];
}

/** A column the CSV adds that is no SalesBlink field, so each lead gets it as a custom field. */
const CUSTOM_COLUMN = 'Webinar Session';
const SESSION = 'Tuesday 4pm';
/** The row a real export always has one of: an address that is none. The import skips it and says where it is. */
const BAD_ROW: Record<string, string> = { Email: 'not-an-email', First_Name: 'Eve', Company: 'Nowhere Ltd' };

const csvCell = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/**
 * `contacts` as a spreadsheet exports them: SalesBlink's headers (`First_Name` as `First Name`), the
 * custom column, CRLF line ends, and BAD_ROW after the first lead. Answers the text and BAD_ROW's line.
 */
function leadsCsv(contacts: Record<string, string>[]): { csv: string; badLine: number } {
  const keys = [...new Set(contacts.flatMap((c) => Object.keys(c)))];
  const row = (c: Record<string, string>) => [...keys.map((k) => c[k] ?? ''), SESSION];
  const rows = contacts.map(row);
  const badAt = Math.min(1, rows.length);
  rows.splice(badAt, 0, row(BAD_ROW));
  const header = [...keys.map((k) => k.replaceAll('_', ' ')), CUSTOM_COLUMN];
  const csv = [header, ...rows].map((r) => `${r.map(csvCell).join(',')}\r\n`).join('');
  // Line 1 is the header, so the n-th data row (0-based) starts on line n + 2.
  return { csv, badLine: badAt + 2 };
}

/** A driver that runs `blinkpost` against `baseUrl` with `key`; `dir` holds the files it is given. */
export function cliDriver(baseUrl: string, key: string, dir: string): Driver {
  const env = { BLINKPOST_URL: baseUrl, BLINKPOST_API_KEY: key, BLINKPOST_CONFIG: join(dir, 'config.json') };
  const cli = async <T>(...args: string[]): Promise<T> => {
    const res = await runCli(['--format', 'json', ...args], { env });
    expect(res.code, `blinkpost ${args.join(' ')}\n${res.stdout}\n${res.stderr}`).toBe(0);
    return JSON.parse(res.stdout) as T;
  };
  return {
    createList: async (name) => (await cli<{ id: string }>('lists', 'create', name)).id,
    importLeads: async (listId, contacts) => {
      const file = join(dir, 'webinar-signups.csv');
      const { csv, badLine } = leadsCsv(contacts);
      writeFileSync(file, csv);
      const summary = await cli<ImportSummary>('leads', 'import', file, '--list', listId);
      expect(summary).toMatchObject({
        file,
        list_id: listId,
        rows: contacts.length + 1,
        imported: contacts.length,
        duplicates: 0,
        bad_rows: 1,
        bad: [{ line: badLine, email: BAD_ROW['Email'], reason: expect.stringMatching(/^Email /) as string }],
      });
      // The custom column reached every imported lead as a custom field.
      const leads = await cli<{ data: Lead[] }>('lists', 'leads', listId, '--sort', 'asc');
      expect(leads.data.map((l) => [l.Email, l.custom_fields])).toEqual(
        contacts.map((c) => [c['Email'], { [CUSTOM_COLUMN]: SESSION }]),
      );
      return summary.imported;
    },
    createTemplate: async (t) =>
      (
        await cli<{ id: string }>(
          'templates',
          'create',
          '--name',
          t.name,
          '--subject',
          t.subject,
          '--content',
          t.content,
        )
      ).id,
    createSender: async (s) => {
      const args = ['--from-email', s.email, '--name', s.name, '--smtp-host', s.host, '--smtp-port', String(s.port)];
      return (await cli<{ id: string }>('senders', 'add', ...args, '--user', s.user, '--password', s.password)).id;
    },
    createSequence: async (s) => {
      const settings = join(dir, 'settings.json');
      writeFileSync(settings, JSON.stringify(SENDING_SETTINGS));
      const args = ['--name', s.name, '--senders', s.senderId, '--lists', s.listId, '--template', s.templateId];
      return (await cli<{ id: string }>('sequences', 'create', ...args, '--settings-file', settings)).id;
    },
    start: async (id) => (await cli<{ status: string }>('sequences', 'start', id)).status,
    // One record a page, so `--all` reads the feed page by page as the other front doors do.
    feed: async (kind, sequenceId) =>
      (await cli<{ email: string }[]>('activity', kind, '--sequence', sequenceId, '--all', '--per-page', '1')).map(
        (r) => r.email,
      ),
    overall: () => cli<{ sent: number; replies: number }>('analytics', 'overall'),
    inbox: async () =>
      (await cli<{ result: { email: string; messageId: string }[] }>('inbox', 'list')).result.map((r) => ({
        email: r.email,
        messageId: r.messageId,
      })),
    reply: async (messageId, html) =>
      (await cli<{ status: string }>('inbox', 'reply', messageId, '--content', html)).status,
  };
}
