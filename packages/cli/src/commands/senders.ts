import { Command, Option } from 'commander';
import type { Sender, SenderLoginReport, UpdateSenderBody } from '@blinkpost/contract';
import type { SenderListQuery } from '@blinkpost/sdk';
import { portArg } from '../program.js';
import { secretArg } from './input-files.js';
import type { Columns } from './output.js';
import { CliError, remote, wholeNumber } from './remote-client.js';

interface SenderFlags {
  name?: string;
  user?: string;
  password?: string;
  smtpHost?: string;
  smtpPort?: number;
  imapHost?: string;
  imapPort?: number;
  imapUser?: string;
  imapPassword?: string;
  maxPerDay?: number;
  minGap?: number;
  timezone?: string;
  replyTo?: string;
  pause?: boolean;
  resume?: boolean;
}

const COLUMNS: Columns<Sender> = {
  ID: (s) => s.id,
  EMAIL: (s) => s.email,
  NAME: (s) => s.from_name,
  STATUS: (s) => (s.status_reason ? `${s.status}: ${s.status_reason}` : s.status),
  'CAP/DAY': (s) => s.max_emails_per_day,
  SMTP: (s) => `${s.smtp_host}:${s.smtp_port}`,
  IMAP: (s) => (s.imap_host ? `${s.imap_host}:${s.imap_port}` : ''),
};

/** The settings flags shared by `add` and `update`; `required` ones are the SMTP basics of `add`. */
function withSettings(cmd: Command, required: boolean): Command {
  const smtp = (flags: string, what: string, parse?: (v: string) => number) => {
    const opt = new Option(flags, required ? `${what} (required)` : what);
    if (parse) opt.argParser(parse);
    return required ? opt.makeOptionMandatory() : opt;
  };
  return cmd
    .addOption(smtp('--password <password>', "mailbox password ('-' reads it from stdin)"))
    .addOption(smtp('--smtp-host <host>', 'SMTP server'))
    .addOption(smtp('--smtp-port <port>', 'SMTP port (465: TLS; others: STARTTLS when offered)', portArg))
    .option('--name <name>', 'name shown with the address')
    .option('--user <login>', 'SMTP login (default: the address)')
    .option('--imap-host <host>', 'IMAP server, to see replies and bounces ("" removes it)')
    .option('--imap-port <port>', 'IMAP port (default 993)', portArg)
    .option('--imap-user <login>', 'IMAP login (default: the SMTP login)')
    .option('--imap-password <password>', "IMAP password (default: --password; '-' reads stdin)")
    .option('--max-per-day <n>', 'daily cap, counted in --timezone (default 30)', wholeNumber(1))
    .option('--min-gap <minutes>', 'least time between two sends (default 0)', wholeNumber(0))
    .option('--timezone <zone>', 'IANA zone the daily cap is counted in (default UTC)')
    .option('--reply-to <email>', 'Reply-To address ("" for none)');
}

/** The API body of the flags given; unset flags are left out so `update` changes only those. */
function bodyOf(f: SenderFlags): UpdateSenderBody {
  const body: UpdateSenderBody = {
    from_name: f.name,
    user_name: f.user,
    password: f.password === undefined ? undefined : secretArg(f.password, '--password'),
    smtp_host: f.smtpHost,
    smtp_port: f.smtpPort,
    imap_host: f.imapHost,
    imap_port: f.imapPort,
    imap_user_name: f.imapUser,
    imap_password: f.imapPassword === undefined ? undefined : secretArg(f.imapPassword, '--imap-password'),
    max_emails_per_day: f.maxPerDay,
    min_gap_minutes: f.minGap,
    timezone: f.timezone,
    reply_to_email: f.replyTo,
    paused: f.pause ? true : f.resume ? false : undefined,
  };
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
}

const loginLine = (what: string, r: SenderLoginReport) => `${what}: ${r.ok ? 'ok' : 'FAILED'} — ${r.response}`;

/** `blinkpost senders list|get|add|update|test`: mailboxes on a running server. */
export function sendersCommand(): Command {
  const senders = new Command('senders').description('list, add, change and test senders (mailboxes) on a server');

  senders
    .command('list')
    .description('list senders, latest first')
    .option('--search <text>', 'part of the address or name')
    .addOption(new Option('--status <status>').choices(['active', 'paused', 'needs-attention']))
    .option('--limit <n>', 'at most this many (max 100)', wholeNumber(1))
    .option('--skip <n>', 'skip this many', wholeNumber(0))
    .action(
      remote('senders list', async ({ client, out }, opts: SenderListQuery) => {
        const rows = await client.senders.list(opts);
        out.list(rows, COLUMNS, 'No senders: add one with `blinkpost senders add --from-email … --smtp-host …`.');
      }),
    );

  senders
    .command('get')
    .description('show one sender (never its password)')
    .argument('<id>')
    .action(remote('senders list', async ({ client, out }, id: string) => out.record(await client.senders.get(id))));

  withSettings(
    senders
      .command('add')
      .description('add an SMTP sender (IMAP optional); then check it with `senders test ID`')
      .requiredOption('--from-email <email>', 'the sender address (required)'),
    true,
  ).action(
    remote('senders list', async ({ client, out }, opts: SenderFlags & { fromEmail: string }) => {
      const sender = await client.senders.create({ from_email: opts.fromEmail, ...bodyOf(opts) });
      out.record(sender, { lead: `Added sender ${sender.id} (${sender.email}).` });
      out.note(`\nCheck its login: blinkpost senders test ${sender.id}`);
    }),
  );

  withSettings(
    senders.command('update').description('change a sender; only the flags given change').argument('<id>'),
    false,
  )
    .option('--pause', 'stop sending from it')
    .option('--resume', 'send from it again (also clears needs-attention)')
    .action(
      remote('senders list', async ({ client, out }, id: string, opts: SenderFlags) => {
        const body = bodyOf(opts);
        if (Object.keys(body).length === 0)
          throw new CliError('nothing to change', 'pass a flag to change, e.g. --max-per-day 50 or --resume');
        out.record(await client.senders.update(id, body), { lead: `Updated sender ${id}.` });
      }),
    );

  senders
    .command('test')
    .description("log in over SMTP (and IMAP when set) and print the servers' answers; exits 1 if a login fails")
    .argument('<id>')
    .action(
      remote('senders list', async ({ client, out }, id: string) => {
        const result = await client.senders.test(id);
        if (out.format === 'json') out.json(result);
        else
          out.line(
            [loginLine('SMTP', result.smtp), ...(result.imap ? [loginLine('IMAP', result.imap)] : [])].join('\n'),
          );
        if (!result.smtp.ok || result.imap?.ok === false)
          throw new CliError(
            'a login failed',
            `fix the settings with \`blinkpost senders update ${id} --password - …\`, then test again`,
          );
      }),
    );
  return senders;
}
