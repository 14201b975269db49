import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import type { Lead, List } from '@blinkpost/contract';
import type { ListLeadsPage } from '@blinkpost/sdk';
import { describeEachDialect } from '../../server/test/support/dialects.js';
import { importStatePath } from '../src/commands/import-state.js';
import { ensureBuilt, runCli, useTempDirs, type CliResult } from './support/cli.js';
import { json, useRemoteCli, type RemoteCli } from './support/remote.js';

beforeAll(() => ensureBuilt());

/** What `leads import` prints on stdout as JSON. */
interface ImportSummary {
  file: string;
  list_id: string;
  rows: number;
  imported: number;
  duplicates: number;
  bad_rows: number;
  bad: { line: number; email: string; reason: string }[];
  resumed_after_line?: number;
}

/** The summary of an import that ran to its end (exit 0; progress lines on stderr allowed). */
function summary(res: CliResult): ImportSummary {
  expect(res.code, res.stderr).toBe(0);
  return JSON.parse(res.stdout) as ImportSummary;
}

/** Every live lead of a list, oldest first. */
async function leadsOf(remote: RemoteCli, listId: string): Promise<Lead[]> {
  return json<ListLeadsPage>(await remote.cli('lists', 'leads', listId, '--limit', '500', '--sort', 'asc')).data;
}

/** A CSV of `n` leads, `lead1@bulk.test` onwards, LF line ends. */
const bulkCsv = (n: number) =>
  ['email,First Name', ...Array.from({ length: n }, (_, i) => `lead${i + 1}@bulk.test,Lead ${i + 1}`)].join('\n');

describeEachDialect('blinkpost leads import', (dialect) => {
  const tempDir = useTempDirs();
  const remote = useRemoteCli(dialect);
  const newList = async (name: string) => json<List>(await remote.cli('lists', 'create', name)).id;
  /** `leads import` with its own config dir, so its resume state is the test's own. */
  const importCsv = (dir: string, ...args: string[]) =>
    runCli(['leads', 'import', ...args], { env: { ...remote.env(), BLINKPOST_CONFIG: join(dir, 'config.json') } });

  it(
    'maps both casings, keeps quoted commas and line breaks, and reports bad rows by line while importing the rest',
    { timeout: 120_000 },
    async () => {
      const dir = tempDir();
      const listId = await newList('Import');
      await remote.server().call(remote.server().admin, 'POST', '/api/public/contacts', {
        list_id: listId,
        contacts: [{ Email: 'already@x.test' }],
      });
      const file = join(dir, 'leads.csv');
      const rows = [
        'Email,First Name,last_name,Company,Tier',
        'ann@x.test,Ann,Lee,"Acme, Inc.","gold\r\nplus"',
        'not-an-email,Bad,Email,,',
        ',No,Email,,',
        '"bo@x.test"x,Bo,Broken,,',
        'cy@x.test,Cy,Short',
        'already@x.test,Al,Ready,,',
        'ann@x.test,Ann,Again,,',
        `nul@x.test,Nul\u0000,Char,,`,
        'dee@x.test,Dee,Last,"He said ""hi""",silver',
      ];
      writeFileSync(file, `\ufeff${rows.join('\r\n')}\r\n`);

      const res = summary(await importCsv(dir, file, '--list', listId, '--batch-size', '3'));
      expect(res).toEqual({
        file,
        list_id: listId,
        rows: 9,
        imported: 2,
        duplicates: 2,
        bad_rows: 5,
        bad: [
          { line: 4, email: 'not-an-email', reason: expect.stringMatching(/^Email /) as string },
          { line: 5, email: '', reason: 'Email is missing' },
          { line: 6, email: '', reason: expect.stringContaining('after a closing quote') as string },
          { line: 7, email: 'cy@x.test', reason: 'the row has 3 fields, the header 5' },
          {
            line: 10,
            email: 'nul@x.test',
            reason: expect.stringMatching(/^First_Name must not contain a NUL/) as string,
          },
        ],
      });
      const leads = await leadsOf(remote, listId);
      expect(leads.map((l) => l.Email)).toEqual(['already@x.test', 'ann@x.test', 'dee@x.test']);
      expect(leads[1]).toMatchObject({
        First_Name: 'Ann',
        Last_Name: 'Lee',
        Company_Name: 'Acme, Inc.',
        custom_fields: { Tier: 'gold\r\nplus' },
      });
      expect(leads[2]).toMatchObject({ Company_Name: 'He said "hi"', custom_fields: { Tier: 'silver' } });
      // A finished import leaves no state behind: running it again starts over, and adds nothing new.
      expect(readdirSync(join(dir, 'imports'))).toEqual([]);
      const again = await importCsv(dir, file, '--list', listId, '--format', 'table');
      expect(again.code).toBe(0);
      expect(again.stdout).toContain(`Imported 0 of 9 rows into list ${listId}: 4 already there, 5 bad.`);
      expect(again.stdout).toMatch(/bad:\nline +email +reason\n4 +not-an-email +Email /);
    },
  );

  it(
    '--dry-run prints the mapping (with --map and --skip-column) and the first rows, and sends nothing',
    { timeout: 60_000 },
    async () => {
      const dir = tempDir();
      const listId = await newList('Dry');
      const file = join(dir, 'dry.csv');
      writeFileSync(
        file,
        'E-Mail,Org,Notes,Title\n' + Array.from({ length: 8 }, (_, i) => `p${i}@d.test,Org ${i},n,CEO`).join('\n'),
      );
      const res = await importCsv(
        dir,
        file,
        '--list',
        listId,
        '--dry-run',
        '--map',
        'E-Mail=email',
        '--map',
        'Org=company',
        '--skip-column',
        'Notes',
      );
      expect(json(res)).toEqual({
        file,
        list_id: listId,
        columns: [
          { column: 'E-Mail', field: 'Email', custom: false },
          { column: 'Org', field: 'Company_Name', custom: false },
          { column: 'Notes', field: null, custom: false },
          { column: 'Title', field: 'Job_Title', custom: false },
        ],
        rows: Array.from({ length: 5 }, (_, i) => ({
          line: i + 2,
          Email: `p${i}@d.test`,
          Company_Name: `Org ${i}`,
          Job_Title: 'CEO',
        })),
      });
      expect(await leadsOf(remote, listId)).toEqual([]);
    },
  );

  it('reads a semicolon or tab file as spreadsheets in some locales write it, or as --delimiter says', async () => {
    const dir = tempDir();
    const listId = await newList('Locales');
    const semicolons = join(dir, 'excel-de.csv');
    writeFileSync(semicolons, 'Email;First Name;Company\r\nanna@x.test;Anna;"Müller, Schmidt & Co"\r\n');
    expect(summary(await importCsv(dir, semicolons, '--list', listId))).toMatchObject({ rows: 1, imported: 1 });
    const tabs = join(dir, 'export.tsv');
    writeFileSync(tabs, 'Email\tFirst Name\nben@x.test\tBen; Jr\n');
    expect(summary(await importCsv(dir, tabs, '--list', listId))).toMatchObject({ rows: 1, imported: 1 });
    const leads = await leadsOf(remote, listId);
    expect(leads.map((l) => [l.Email, l.First_Name, l.Company_Name])).toEqual([
      ['anna@x.test', 'Anna', 'Müller, Schmidt & Co'],
      ['ben@x.test', 'Ben; Jr', ''],
    ]);
    // Said outright, the delimiter wins: read with commas, this header is one column with no Email.
    const forced = await importCsv(dir, semicolons, '--list', listId, '--delimiter', 'comma', '--restart');
    expect(forced.code).toBe(1);
    expect(forced.stderr).toMatch(/email/i);
    expect(forced.stderr).toContain('read it with --delimiter semicolon');
    const bad = await importCsv(dir, semicolons, '--list', listId, '--delimiter', 'pipe');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('use comma, semicolon or tab');
  });

  it('streams a large file in batches', { timeout: 120_000 }, async () => {
    const dir = tempDir();
    const listId = await newList('Bulk');
    const file = join(dir, 'bulk.csv');
    writeFileSync(file, bulkCsv(12_000));
    const res = summary(await importCsv(dir, file, '--list', listId));
    expect(res).toMatchObject({ rows: 12_000, imported: 12_000, duplicates: 0, bad_rows: 0 });
    expect(json<List>(await remote.cli('lists', 'get', listId)).contacts_count).toBe(12_000);
  });

  it(
    'starts over when the file changed since the interrupted import, or with --restart',
    { timeout: 60_000 },
    async () => {
      const dir = tempDir();
      const listId = await newList('Restart');
      const file = join(dir, 'leads.csv');
      writeFileSync(file, bulkCsv(6));
      const { size, mtimeMs } = statSync(file);
      const statePath = importStatePath(file, listId, join(dir, 'config.json'));
      const stateOf = (fileSize: number) => ({
        file,
        size: fileSize,
        mtime_ms: mtimeMs,
        list_id: listId,
        done_through_line: 4,
        rows: 3,
        imported: 3,
        duplicates: 0,
        bad_rows: 0,
        bad: [],
      });
      mkdirSync(join(dir, 'imports'));
      writeFileSync(statePath, JSON.stringify(stateOf(size - 1)));
      const changed = await importCsv(dir, file, '--list', listId);
      expect(changed.stderr).toContain('changed since an interrupted import into this list; starting over');
      expect(summary(changed)).toMatchObject({ rows: 6, imported: 6 });

      writeFileSync(statePath, JSON.stringify(stateOf(size)));
      const restarted = await importCsv(dir, file, '--list', listId, '--restart');
      expect(restarted.stderr).toBe('');
      expect(summary(restarted)).toMatchObject({ rows: 6, imported: 0, duplicates: 6 });
    },
  );

  it(
    'exits 3 for an unknown list, 1 for a file it cannot map or read, before sending anything',
    { timeout: 60_000 },
    async () => {
      const dir = tempDir();
      const listId = await newList('Refused');
      const file = join(dir, 'a.csv');
      // "Reach" is no name or synonym of the email field ("Mail" would be).
      writeFileSync(file, 'Name,Reach\nAnn,ann@x.test\n');
      const [unknownList, noEmail, noColumn, missing, tooBig] = await Promise.all([
        importCsv(dir, file, '--list', 'no-such-list'),
        importCsv(dir, file, '--list', listId),
        importCsv(dir, file, '--list', listId, '--map', 'Email=email'),
        importCsv(dir, join(dir, 'missing.csv'), '--list', listId),
        importCsv(dir, file, '--list', listId, '--batch-size', '10001'),
      ]);
      expect(unknownList.code).toBe(3);
      expect(noEmail.code).toBe(1);
      expect(noEmail.stderr).toContain('no column holds the email address');
      expect(noEmail.stderr).toContain('--map "Column Header=email"');
      expect(noColumn.code).toBe(1);
      expect(noColumn.stderr).toContain('its columns are "Name", "Reach"');
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('ENOENT');
      expect(tooBig.code).toBe(1);
      expect(tooBig.stderr).toContain('at most 10000');
      expect(await leadsOf(remote, listId)).toEqual([]);
    },
  );
});

// Three writes a minute per key: an import in batches of 5 is cut off by a 429 after its third batch.
describeEachDialect('blinkpost leads import, interrupted', (dialect) => {
  const tempDir = useTempDirs();
  const remote = useRemoteCli(dialect, [], { rateLimits: { read: 10_000, write: 3, delete: 100 } });

  it(
    'goes on where it stopped; a batch sent but not recorded is not added twice; every row is in the list once',
    { timeout: 120_000 },
    async () => {
      const dir = tempDir();
      const t = remote.server();
      // The list is made with a key of its own, so the admin key has all three writes left for the import.
      const listId = (await t.call(await t.key('Acme'), 'POST', '/api/public/v1.0.0/lists', { name: 'Resume' })).json<{
        data: { id: string };
      }>().data.id;
      const file = join(dir, 'leads.csv');
      writeFileSync(file, bulkCsv(25));
      const run = async (key: string, ...extra: string[]) =>
        runCli(['leads', 'import', file, '--list', listId, '--batch-size', '5', ...extra], {
          env: { ...remote.env(), BLINKPOST_API_KEY: key, BLINKPOST_CONFIG: join(dir, 'config.json') },
        });

      const first = await run(t.admin.key);
      expect(first.code).toBe(4);
      expect(first.stdout).toBe('');
      expect(first.stderr).toContain('the rows through line 16 are in the list');
      const [stateFile] = readdirSync(join(dir, 'imports'));
      const statePath = join(dir, 'imports', stateFile!);
      const state = JSON.parse(readFileSync(statePath, 'utf8')) as Record<string, unknown>;
      expect(state).toMatchObject({ file, list_id: listId, done_through_line: 16, rows: 15, imported: 15 });

      // As if the third batch had reached the server but the process died before recording it.
      writeFileSync(statePath, JSON.stringify({ ...state, done_through_line: 11, rows: 10, imported: 10 }));
      const second = await run((await t.key('Acme')).key);
      expect(second.stderr).toContain('going on after line 11');
      expect(summary(second)).toMatchObject({
        rows: 25,
        imported: 20,
        duplicates: 5,
        bad_rows: 0,
        resumed_after_line: 11,
      });
      const leads = (await t.call(t.admin, 'GET', `/api/public/v1.0.0/lists/${listId}/leads?limit=500`)).json<{
        data: Lead[];
      }>().data;
      const emails = leads.map((l) => l.Email).sort();
      expect(emails).toEqual(Array.from({ length: 25 }, (_, i) => `lead${i + 1}@bulk.test`).sort());
      expect(readdirSync(join(dir, 'imports'))).toEqual([]);
    },
  );
});
