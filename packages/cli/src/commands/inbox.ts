import { Command, Option } from 'commander';
import { INBOX_OUTCOMES, type InboxThread, type ListInboxQuery } from '@blinkpost/contract';
import { readTextFile } from './input-files.js';
import type { Columns } from './output.js';
import { CliError, remote, wholeNumber } from './remote-client.js';

const COLUMNS: Columns<InboxThread> = {
  ID: (r) => r.id,
  WHEN: (r) => r.last_at,
  EMAIL: (r) => r.email,
  TYPE: (r) => r.status ?? r.task_type,
  UNREAD: (r) => (r.unread ? 'yes' : ''),
  OUTCOME: (r) => r.outcome,
  SUBJECT: (r) => r.subject,
  SNIPPET: (r) => r.snippet.slice(0, 60),
};

interface SendFlags {
  content?: string;
  contentFile?: string;
  cc?: string;
  bcc?: string;
  at?: string;
}

/** `--at` as Unix ms: ms, or an ISO time. */
function scheduledTime(at: string | undefined): number | undefined {
  if (at === undefined) return undefined;
  const ms = /^\d+$/.test(at) ? Number(at) : Date.parse(at);
  if (Number.isNaN(ms)) throw new CliError(`--at: ${at} is neither Unix milliseconds nor an ISO-8601 time`);
  return ms;
}

/** The flags a reply and a forward share, as the API's body. */
function sendBody(f: SendFlags) {
  const content = f.contentFile !== undefined ? readTextFile(f.contentFile, '--content-file') : f.content;
  return Object.fromEntries(
    Object.entries({ content, cc: f.cc, bcc: f.bcc, scheduled_time: scheduledTime(f.at) }).filter(
      ([, v]) => v !== undefined,
    ),
  );
}

const withSendFlags = (cmd: Command): Command =>
  cmd
    .option('--content <html>', 'the message, HTML')
    .option('--content-file <path>', "read the message from a file ('-': stdin)")
    .option('--cc <emails>', 'Cc addresses, comma-separated')
    .option('--bcc <emails>', 'Bcc addresses, comma-separated')
    .option('--at <time>', 'send later: Unix ms or an ISO-8601 time (default: now)');

/** `blinkpost inbox list|thread|mark|reply|forward`: the unified inbox on a running server. */
export function inboxCommand(): Command {
  const inbox = new Command('inbox').description('read conversations of replies, label them, reply and forward');

  inbox
    .command('list')
    .description('conversations with a reply, auto-reply or bounce, latest first')
    .addOption(
      new Option('--type <type>', 'sent/scheduled: messages written in the inbox').choices([
        'all',
        'sent',
        'scheduled',
        'draft',
      ]),
    )
    .option('--sequence <id>', 'one sequence')
    .addOption(new Option('--outcome <outcome>').choices([...INBOX_OUTCOMES]))
    .option('--search <text>', 'part of the address, subject or snippet')
    .option('--sender <id-or-email>', 'one sender')
    .option('--limit <n>', 'at most this many (max 100, default 10)', wholeNumber(1))
    .option('--skip <n>', 'skip this many', wholeNumber(0))
    .action(
      remote('inbox list', async ({ client, out }, opts: ListInboxQuery) => {
        const page = await client.inbox.list(opts);
        if (out.format === 'json') return out.json(page);
        out.list(page.result, COLUMNS, 'No conversations match.');
        if (page.result.length > 0) out.note(`\n${page.result.length} of ${page.totalCount}`);
      }),
    );

  inbox
    .command('thread')
    .description('a conversation, newest message first')
    .argument('<message-id>', 'our id of a reply, or its Message-ID')
    .action(
      remote('inbox list', async ({ client, out }, id: string) => {
        const thread = await client.inbox.thread(id);
        if (out.format === 'json') return out.json(thread);
        out.line(
          `${thread.email} — ${thread.unread ? 'unread' : 'read'}${thread.outcome ? `, ${thread.outcome}` : ''}`,
        );
        for (const m of thread.messages) {
          out.line(
            `\n${m.at}  ${m.direction === 'inbound' ? '←' : '→'} ${m.kind}  ${m.from} → ${m.to}\n  ${m.subject}`,
          );
          if (m.snippet) out.line(`  ${m.snippet}`);
        }
      }),
    );

  inbox
    .command('mark')
    .description('mark a conversation read or unread and/or set its outcome')
    .argument('<message-id>')
    .option('--read', 'mark it read')
    .option('--unread', 'mark it unread')
    .addOption(
      new Option('--outcome <outcome>', 'do-not-contact also blocklists the lead').choices([...INBOX_OUTCOMES]),
    )
    .action(
      remote(
        'inbox list',
        async ({ client, out }, id: string, opts: { read?: boolean; unread?: boolean; outcome?: string }) => {
          if (opts.read && opts.unread) throw new CliError('--read and --unread contradict each other');
          const unread = opts.unread ? true : opts.read ? false : undefined;
          if (unread === undefined && opts.outcome === undefined)
            throw new CliError('nothing to change', 'pass --read, --unread or --outcome');
          const body = {
            ...(unread !== undefined ? { unread } : {}),
            ...(opts.outcome !== undefined ? { outcome: opts.outcome as (typeof INBOX_OUTCOMES)[number] } : {}),
          };
          out.record(await client.inbox.mark(id, body), { lead: `Updated conversation ${id}.` });
        },
      ),
    );

  withSendFlags(
    inbox.command('reply').description('reply from the conversation’s sender, threaded').argument('<message-id>'),
  ).action(
    remote('inbox list', async ({ client, out }, id: string, opts: SendFlags) => {
      const body = sendBody(opts);
      if (typeof body['content'] !== 'string')
        throw new CliError('no content', 'pass --content HTML or --content-file PATH');
      const r = await client.inbox.reply(id, body as { content: string });
      out.record(r, { lead: r.status === 'scheduled' ? 'Reply scheduled.' : 'Reply sent.' });
    }),
  );

  withSendFlags(
    inbox
      .command('forward')
      .description('forward a reply, quoted, from the conversation’s sender')
      .argument('<message-id>')
      .option('--to <email>', 'to whom (default: the lead)'),
  ).action(
    remote('inbox list', async ({ client, out }, id: string, opts: SendFlags & { to?: string }) => {
      const r = await client.inbox.forward(id, { ...sendBody(opts), ...(opts.to ? { email: opts.to } : {}) });
      out.record(r, { lead: r.status === 'scheduled' ? 'Forward scheduled.' : 'Forward sent.' });
    }),
  );
  return inbox;
}
