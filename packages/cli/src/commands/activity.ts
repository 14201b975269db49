import { Command, Option } from 'commander';
import {
  ACTIVITY_FEEDS,
  MAX_PER_PAGE,
  type ActivityFeed,
  type ActivityQuery,
  type ActivityRecord,
} from '@blinkpost/contract';
import type { Columns } from './output.js';
import { remote, wholeNumber } from './remote-client.js';

interface FeedFlags {
  sequence?: string;
  email?: string;
  from?: string;
  to?: string;
  human?: boolean;
  page?: number;
  perPage?: number;
  all?: boolean;
}

const machineCell = (r: ActivityRecord) => (r.machine === undefined ? '' : r.machine ? 'yes' : 'no');

/** What every feed shows, then what its kind of record adds. */
const BASE: Columns<ActivityRecord> = {
  TIME: (r) => new Date(r.time).toISOString(),
  EMAIL: (r) => r.email,
  SEQUENCE: (r) => r.sequence_name,
  STEP: (r) => r.step,
  SENDER: (r) => r.sender,
  SUBJECT: (r) => r.subject,
};
const COLUMNS: Record<ActivityFeed, Columns<ActivityRecord>> = {
  sent: BASE,
  opens: { ...BASE, MACHINE: machineCell, REASON: (r) => r.machine_reason },
  clicks: { ...BASE, URL: (r) => r.url, MACHINE: machineCell },
  replies: {
    ...BASE,
    KIND: (r) => (r.bounce ? `${r.bounce} bounce` : r.auto_reply ? 'auto-reply' : 'reply'),
    SNIPPET: (r) => r.snippet,
  },
};

const DESCRIPTIONS: Record<ActivityFeed, string> = {
  sent: 'emails sent, latest first',
  opens: 'opens, latest first; machine opens (proxies, scanners) are flagged, --human leaves them out',
  clicks: 'clicks, latest first; machine clicks are flagged, --human leaves them out',
  replies: 'replies, auto-replies and bounces, latest first',
};

/** The feed's filters and page size as the API takes them. */
const queryOf = (o: FeedFlags): Omit<ActivityQuery, 'page'> => ({
  ...(o.sequence !== undefined ? { sequence_id: o.sequence } : {}),
  ...(o.email !== undefined ? { recipient_email_address: o.email } : {}),
  ...(o.from !== undefined ? { from: o.from } : {}),
  ...(o.to !== undefined ? { to: o.to } : {}),
  ...(o.human ? { human: true } : {}),
  ...(o.perPage !== undefined ? { per_page: o.perPage } : {}),
});

/** One feed's command: a page of it, or with `--all` every record, page by page. */
function feedCommand(feed: ActivityFeed): Command {
  const cmd = new Command(feed)
    .description(DESCRIPTIONS[feed])
    .option('--sequence <id>', 'only this sequence')
    .option('--email <address>', 'only this recipient (any case)')
    .option('--from <time>', "at or after this time: Unix ms or ISO-8601 (SalesBlink's since)")
    .option('--to <time>', 'at or before this time, inclusive');
  if (feed === 'opens' || feed === 'clicks') cmd.option('--human', 'people only: leave machine records out');
  return cmd
    .option('--page <n>', '1-based page number (default 1)', wholeNumber(1))
    .option('--per-page <n>', `records per page (default 100, at most ${MAX_PER_PAGE})`, wholeNumber(1))
    .addOption(new Option('--all', 'every matching record, fetched page by page').conflicts('page'))
    .action(
      remote('sequences list', async ({ client, out }, o: FeedFlags) => {
        const empty = 'No records match.';
        const query = queryOf(o);
        if (o.all) {
          const count = await out.listAll(client.feeds.all(feed, query), COLUMNS[feed], empty);
          if (count > 0) out.note(`\n${count} records.`);
          return;
        }
        const res = await client.feeds.list(feed, { ...query, page: o.page ?? 1 });
        if (out.format === 'json') return out.json(res);
        out.list(res.data, COLUMNS[feed], empty);
        const page = res.page ?? 1;
        const full = res.per_page !== undefined && res.count >= res.per_page;
        if (res.count > 0)
          out.note(
            `\nPage ${page}: ${res.count} records.${full ? ` --page ${page + 1} for more, --all for all.` : ''}`,
          );
      }),
    );
}

/** `blinkpost activity sent|opens|clicks|replies`: the activity feeds of a running server. */
export function activityCommand(): Command {
  const activity = new Command('activity').description(
    'the activity feeds: what was sent, opened, clicked and replied to, latest first',
  );
  for (const feed of ACTIVITY_FEEDS) activity.addCommand(feedCommand(feed));
  return activity;
}
