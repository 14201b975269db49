import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { runCli } from '../../../cli/test/support/cli.js';
import { rawApiDriver } from './raw-api.driver.js';
import { SENDING_SETTINGS, type Driver } from './workflow.js';

// The workflow through the `blinkpost` CLI, spawned as a user runs it (its output piped, so JSON),
// pointed at the server by BLINKPOST_URL and BLINKPOST_API_KEY.

/** A driver that runs `blinkpost` against `baseUrl` with `key`; `dir` holds the files it is given. */
export function cliDriver(baseUrl: string, key: string, dir: string): Driver {
  const env = { BLINKPOST_URL: baseUrl, BLINKPOST_API_KEY: key };
  const cli = async <T>(...args: string[]): Promise<T> => {
    const res = await runCli(['--format', 'json', ...args], { env });
    expect(res.code, `blinkpost ${args.join(' ')}\n${res.stdout}\n${res.stderr}`).toBe(0);
    return JSON.parse(res.stdout) as T;
  };
  // The built CLI has no command that adds leads yet (an import command is being written), so this one
  // step goes through the API.
  const api = rawApiDriver(baseUrl, key);
  return {
    createList: async (name) => (await cli<{ id: string }>('lists', 'create', name)).id,
    importLeads: (listId, contacts) => api.importLeads(listId, contacts),
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
    feed: async (kind, sequenceId) => {
      const message = kind === 'sent' ? 'Sent' : 'Replied';
      const page = await cli<{ data: { email: string }[] }>(
        'analytics',
        'reports',
        '--sequence',
        sequenceId,
        '--message',
        message,
      );
      return page.data.map((r) => r.email);
    },
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
