import { Command, Option } from 'commander';
import {
  REPORT_MESSAGES,
  type ActivityRecord,
  type AnalyticsCounts,
  type DailyAnalyticsDay,
  type LeadStats,
  type MailboxStats,
  type ReportMessage,
} from '@blinkpost/contract';
import type { Columns } from './output.js';
import { remote, wholeNumber } from './remote-client.js';

interface RangeFlags {
  from?: string;
  to?: string;
  sequence?: string;
  includeMachine?: boolean;
}
type PageFlags = RangeFlags & { limit?: number; skip?: number };

/** Adds `--from`, `--to`, `--sequence` and `--include-machine`. */
const withRange = (cmd: Command) =>
  cmd
    .option('--from <time>', 'from this time: Unix ms or ISO-8601 (a bare YYYY-MM-DD is a local day for daily)')
    .option('--to <time>', 'up to this time, inclusive')
    .option('--sequence <id>', 'only this sequence')
    .option('--include-machine', 'count machine opens and clicks (proxies, scanners) in opens and clicks');

const withPaging = (cmd: Command) =>
  cmd
    .option('--limit <n>', 'at most this many (max 100)', wholeNumber(1))
    .option('--skip <n>', 'skip this many', wholeNumber(0));

/** The query the API takes for `--from`, `--to` and `--include-machine`. */
const timeQuery = (o: RangeFlags) => ({
  ...(o.from !== undefined ? { from: o.from } : {}),
  ...(o.to !== undefined ? { to: o.to } : {}),
  ...(o.includeMachine ? { human: false } : {}),
});
const rangeQuery = (o: RangeFlags) => ({
  ...timeQuery(o),
  ...(o.sequence !== undefined ? { sequence_id: o.sequence } : {}),
});
const pageQuery = (o: PageFlags) => ({
  ...rangeQuery(o),
  ...(o.limit !== undefined ? { limit: o.limit } : {}),
  ...(o.skip !== undefined ? { skip: o.skip } : {}),
});

// The same columns in every table: what was sent and what came of it, machines apart.
const countColumns = <T extends AnalyticsCounts>(): Columns<T> => ({
  SENT: (r) => r.sent,
  OPENS: (r) => r.opens,
  'MACHINE OPENS': (r) => r.opens_machine,
  CLICKS: (r) => r.clicks,
  'MACHINE CLICKS': (r) => r.clicks_machine,
  REPLIES: (r) => r.replies,
  BOUNCES: (r) => r.bounces,
  UNSUBS: (r) => r.unsubscribes,
  'OPEN %': (r) => r.open_rate,
  'REPLY %': (r) => r.reply_rate,
});

const DAY_COLUMNS: Columns<DailyAnalyticsDay> = { DATE: (d) => d.date, ...countColumns<DailyAnalyticsDay>() };
const LEAD_COLUMNS: Columns<LeadStats> = {
  EMAIL: (l) => l.email,
  STATUS: (l) => l.status,
  ...countColumns<LeadStats>(),
  LAST: (l) => new Date(l.last_activity_at).toISOString(),
};
const MAILBOX_COLUMNS: Columns<MailboxStats> = {
  ID: (m) => m.sender_id,
  EMAIL: (m) => m.email,
  STATUS: (m) => m.status,
  ...countColumns<MailboxStats>(),
  'BOUNCE %': (m) => m.bounce_rate,
};
const REPORT_COLUMNS: Columns<ActivityRecord> = {
  TIME: (r) => new Date(r.time).toISOString(),
  MESSAGE: (r) => r.message,
  EMAIL: (r) => r.email,
  SEQUENCE: (r) => r.sequence_name,
  STEP: (r) => r.step,
  SENDER: (r) => r.sender,
  MACHINE: (r) => (r.machine === undefined ? '' : r.machine ? 'yes' : 'no'),
};

const whose = (machine: boolean | undefined) =>
  machine
    ? 'Opens and clicks include machines.'
    : 'Opens and clicks are people only (--include-machine adds machines).';

/** `blinkpost analytics overall|daily|lead-stats|mailbox-stats|sequence|reports`: numbers from a running server. */
export function analyticsCommand(): Command {
  const analytics = new Command('analytics').description(
    'sent, opens, clicks, replies, bounces and unsubscribes: overall, per day, per lead, per mailbox; reports',
  );

  withRange(analytics.command('overall').description('totals across sequences, with rates')).action(
    remote('sequences list', async ({ client, out }, o: RangeFlags) => {
      out.record(await client.analytics.overall(rangeQuery(o)), { lead: whose(o.includeMachine) });
    }),
  );

  withRange(analytics.command('daily').description('the same numbers per local day; idle days show zeros'))
    .option('--timezone <zone>', 'IANA zone the days are counted in, e.g. America/New_York', 'UTC')
    .option('--sender <id-or-email>', "only this sender's (mailbox's) mail")
    .action(
      remote(
        ['sequences list', 'senders list'],
        async ({ client, out }, o: RangeFlags & { timezone: string; sender?: string }) => {
          const { days, timezone } = await client.analytics.daily({
            ...rangeQuery(o),
            timezone: o.timezone,
            ...(o.sender !== undefined ? { sender: o.sender } : {}),
          });
          if (out.format === 'json') return out.json({ timezone, days });
          out.line(
            `Days in ${timezone}${o.sender !== undefined ? `, mail of ${o.sender}` : ''}. ${whose(o.includeMachine)}\n`,
          );
          out.list(days, DAY_COLUMNS, 'No days in that range.');
        },
      ),
    );

  withPaging(
    withRange(analytics.command('lead-stats').alias('leads').description('per recipient, latest first')),
  ).action(
    remote('sequences list', async ({ client, out }, o: PageFlags) => {
      const page = await client.analytics.leadStats(pageQuery(o));
      if (out.format === 'json') return out.json(page);
      out.list(page.data, LEAD_COLUMNS, 'No activity in that range.');
      out.note(`${page.data.length} of ${page.total}. ${whose(o.includeMachine)}`);
    }),
  );

  withPaging(withRange(analytics.command('mailbox-stats').alias('mailboxes').description('per sender'))).action(
    remote('senders list', async ({ client, out }, o: PageFlags) => {
      const page = await client.analytics.mailboxStats(pageQuery(o));
      if (out.format === 'json') return out.json(page);
      out.list(page.data, MAILBOX_COLUMNS, 'No senders yet: add one with `blinkpost senders create`.');
      out.note(`${page.data.length} of ${page.total}. ${whose(o.includeMachine)}`);
    }),
  );

  analytics
    .command('sequence')
    .description("one sequence's numbers, leads and messages")
    .argument('<id>')
    .option('--from <time>', 'from this time: Unix ms or ISO-8601')
    .option('--to <time>', 'up to this time, inclusive')
    .option('--sender <id-or-email>', "only this sender's mail")
    .option('--include-machine', 'count machine opens and clicks in opens and clicks')
    .action(
      remote(
        ['sequences list', 'senders list'],
        async ({ client, out }, id: string, o: RangeFlags & { sender?: string }) => {
          const stats = await client.sequences.stats(id, {
            ...timeQuery(o),
            ...(o.sender ? { sender: o.sender } : {}),
          });
          out.record(stats, { lead: whose(o.includeMachine) });
        },
      ),
    );

  analytics
    .command('reports')
    .description('the activity log, latest first, filtered')
    .option('--from <time>', 'from this time: Unix ms or ISO-8601')
    .option('--to <time>', 'up to this time, inclusive')
    .option('--sequence <id>', 'only this sequence')
    .addOption(new Option('--message <message>', 'only this kind of record').choices(REPORT_MESSAGES))
    .option('--email <address>', 'only this recipient')
    .option('--sender <id-or-email>', 'only this sender')
    .option('--node <step>', 'only this step (its email number) or template id')
    .option('--people-only', 'leave machine opens and clicks out')
    .option('--oldest-first', 'oldest first')
    .option('--limit <n>', 'records per page (max 100)', wholeNumber(1))
    .option('--page <n>', '0-based page number', wholeNumber(0))
    .action(
      remote(
        'sequences list',
        async (
          { client, out },
          o: Omit<RangeFlags, 'includeMachine'> & {
            message?: ReportMessage;
            email?: string;
            sender?: string;
            node?: string;
            peopleOnly?: boolean;
            oldestFirst?: boolean;
            limit?: number;
            page?: number;
          },
        ) => {
          const { sequence, peopleOnly, oldestFirst, page, ...rest } = o;
          const res = await client.analytics.reports({
            ...rest,
            ...(sequence !== undefined ? { sequence } : {}),
            ...(peopleOnly ? { human: true } : {}),
            ...(oldestFirst ? { sortType: 'asc' as const } : {}),
            ...(page !== undefined ? { skip: page } : {}),
          });
          if (out.format === 'json') return out.json(res);
          out.list(res.data, REPORT_COLUMNS, 'No records.');
          out.note(`Page ${res.skip} (${res.data.length} of ${res.total}).`);
        },
      ),
    );
  return analytics;
}
