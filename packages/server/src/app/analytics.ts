import {
  MAX_DAILY_DAYS,
  type AnalyticsCounts,
  type AnalyticsPageQuery,
  type AnalyticsQuery,
  type DailyAnalyticsDay,
  type DailyAnalyticsQuery,
  type LeadStats,
  type MailboxStats,
} from '@blinkpost/contract';
import { invalid, notFound } from '../domain/app-error.js';
import { addToTally, countsOf, emptyTally, type Tally } from '../domain/engagement-counts.js';
import { localDateOf, localDateOfSpan, localDayNumber, localDays, startOfLocalDay } from '../domain/local-days.js';
import { offsetWindow, type PageWindow } from '../domain/paging.js';
import { DAY_MS, isValidTimeZone, MINUTE_MS } from '../domain/send-time/wall-clock.js';
import { parseTimeFilter } from '../domain/time-filter.js';
import type { EventScope, GroupCount } from '../store/analytics.repo.js';
import type { Store } from '../store/store.js';
import type { Clock, Principal } from './ports.js';
import type { SequenceService } from './sequences.js';

/** A checked time range: inclusive bounds in Unix ms, `undefined` when open. */
export interface TimeRange {
  from?: number | undefined;
  to?: number | undefined;
}

/** Reads `from`/`to` (ms or ISO); a bad value, or `from` after `to`, is a 400 naming the parameter. */
export function timeRangeOf(q: { from?: string | undefined; to?: string | undefined }): TimeRange {
  return checkedRange(parseTimeFilter('from', q.from), parseTimeFilter('to', q.to));
}

function checkedRange(from: number | undefined, to: number | undefined): TimeRange {
  if (from !== undefined && to !== undefined && from > to) throw invalid('from', 'must not be after to');
  return { from, to };
}

/** The address of a workspace's sender named by its id or address; a 404 when it has none such. */
export async function senderAddress(store: Store, workspaceId: string, idOrEmail: string): Promise<string> {
  const sender =
    (await store.senders.get(workspaceId, idOrEmail)) ?? (await store.senders.findByEmail(workspaceId, idOrEmail));
  if (!sender) throw notFound('sender', idOrEmail);
  return sender.email;
}

/** The counts of a tallied scope, with the range and switch they were counted under. */
export interface CountedScope {
  from: number;
  to: number;
  human: boolean;
  counts: AnalyticsCounts;
}

// Days are folded from 15-minute buckets of UTC time: every zone in use today is offset from UTC by whole
// quarter hours (Asia/Kolkata +5:30, Asia/Kathmandu +5:45) and changes its clocks on a quarter hour, so a
// bucket lies within one local day. A bucket that does not (an older offset) is read again to the millisecond.
const BUCKET_MS = 15 * MINUTE_MS;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DEFAULT_DAYS = 30;
const MAX_STATS_PAGE = 100;

/** Analytics (v1 §4.8): totals, days in a time zone, per lead, per mailbox and per sequence. */
export class AnalyticsService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly sequences: SequenceService,
  ) {}

  /** Totals across sequences (or of `sequence_id`) for the range. */
  async overall(p: Principal, q: AnalyticsQuery) {
    const scope = await this.scopeOf(p, q, timeRangeOf(q));
    const tally = tallyOf(await this.store.analytics.totals(scope));
    return { ...echo(scope, q.human), sequence_id: q.sequence_id ?? '', ...countsOf(tally, q.human !== false) };
  }

  /** Per local day of `timezone` (default UTC), idle days as zeros; of one sender's mail when `sender` names one. */
  async daily(p: Principal, q: DailyAnalyticsQuery): Promise<{ timezone: string; days: DailyAnalyticsDay[] }> {
    const tz = q.timezone ?? 'UTC';
    if (!isValidTimeZone(tz)) throw invalid('timezone', 'must be an IANA time zone such as America/New_York or UTC');
    const to = localBound('to', q.to, tz) ?? this.clock.now();
    const from = localBound('from', q.from, tz) ?? startOfLocalDay(localDayNumber(to, tz) - (DEFAULT_DAYS - 1), tz);
    checkedRange(from, to);
    if (localDayNumber(to, tz) - localDayNumber(from, tz) >= MAX_DAILY_DAYS)
      throw invalid('to', `must be within ${MAX_DAILY_DAYS} days of from (one row a day)`);
    const scope = await this.scopeOf(p, q, { from, to });
    const days = localDays(from, to, tz);
    const tallies = new Map(days.map((d) => [d.date, emptyTally()]));
    const add = (date: string, r: GroupCount<number>) => {
      const t = tallies.get(date);
      if (t) addToTally(t, r.metric, r.n);
    };
    const split: number[] = [];
    for (const r of await this.store.analytics.byTimeBucket(scope, BUCKET_MS)) {
      const date = localDateOfSpan(r.group * BUCKET_MS, (r.group + 1) * BUCKET_MS, tz);
      if (date !== undefined) add(date, r);
      else if (!split.includes(r.group)) split.push(r.group);
    }
    for (const bucket of split) {
      const start = bucket * BUCKET_MS;
      const exact = { ...scope, from: Math.max(from, start), to: Math.min(to, start + BUCKET_MS - 1) };
      for (const r of await this.store.analytics.byTimeBucket(exact, 1)) add(localDateOf(r.group, tz), r);
    }
    const human = q.human !== false;
    return { timezone: tz, days: days.map((d) => ({ ...d, ...countsOf(tallies.get(d.date)!, human) })) };
  }

  /** One page of recipients with activity in the range, latest first, with their counts. */
  async leadStats(
    p: Principal,
    q: AnalyticsPageQuery,
  ): Promise<{ rows: LeadStats[]; total: number; window: PageWindow }> {
    const scope = await this.scopeOf(p, q, timeRangeOf(q));
    const window = offsetWindow(MAX_STATS_PAGE, q.limit, q.skip);
    const [page, total] = await Promise.all([
      this.store.analytics.recipients(scope, window),
      this.store.analytics.recipientCount(scope),
    ]);
    const keys = page.map((r) => r.key);
    const [counts, leads] = await Promise.all([
      this.store.analytics.byRecipient({ ...scope, recipientKeys: keys }),
      this.store.analytics.leadsByAddress(p.workspaceId, keys),
    ]);
    const tallies = tallyBy(counts);
    const human = q.human !== false;
    const rows = page.map((r) => ({
      email: r.key,
      lead_id: leads.get(r.key)?.id ?? '',
      status: leads.get(r.key)?.status ?? '',
      last_activity_at: r.last,
      ...countsOf(tallies.get(r.key) ?? emptyTally(), human),
    }));
    return { rows, total, window };
  }

  /** One page of the workspace's senders, latest created first, each with its counts (zeros when idle). */
  async mailboxStats(
    p: Principal,
    q: AnalyticsPageQuery,
  ): Promise<{ rows: MailboxStats[]; total: number; window: PageWindow }> {
    const scope = await this.scopeOf(p, q, timeRangeOf(q));
    const window = offsetWindow(MAX_STATS_PAGE, q.limit, q.skip);
    const [senders, total] = await Promise.all([
      this.store.senders.list(p.workspaceId, { window }),
      this.store.analytics.senderCount(p.workspaceId),
    ]);
    const counts = await this.store.analytics.bySender({ ...scope, senderEmails: senders.map((s) => s.email) });
    const tallies = tallyBy(counts);
    const human = q.human !== false;
    const rows = senders.map((s) => ({
      sender_id: s.id,
      email: s.email,
      from_name: s.fromName,
      status: s.status,
      ...countsOf(tallies.get(s.email) ?? emptyTally(), human),
    }));
    return { rows, total, window };
  }

  /** The counts of one sequence (already checked to be the workspace's), optionally of one sender's mail. */
  async sequenceCounts(
    p: Principal,
    sequenceId: string,
    q: { from?: string; to?: string; sender?: string; human?: boolean },
  ): Promise<CountedScope & { sender: string }> {
    const range = timeRangeOf(q);
    const sender = q.sender === undefined ? '' : await senderAddress(this.store, p.workspaceId, q.sender);
    const scope: EventScope = { workspaceId: p.workspaceId, ...range, sequenceId };
    if (sender !== '') scope.senderEmails = [sender];
    const tally = tallyOf(await this.store.analytics.totals(scope));
    return { ...echo(scope, q.human), sender, counts: countsOf(tally, q.human !== false) };
  }

  /** The events of the range, of `sequence_id` and of `sender` when named; another workspace's either is a 404. */
  private async scopeOf(
    p: Principal,
    q: { sequence_id?: string | undefined; sender?: string | undefined },
    range: TimeRange,
  ): Promise<EventScope> {
    if (q.sequence_id !== undefined) await this.sequences.require(p, q.sequence_id);
    const scope: EventScope = { workspaceId: p.workspaceId, ...range, sequenceId: q.sequence_id };
    if (q.sender !== undefined) scope.senderEmails = [await senderAddress(this.store, p.workspaceId, q.sender)];
    return scope;
  }
}

/** A `from`/`to` of the daily analytics: a bare date is the start (from) or end (to) of that day in `tz`. */
function localBound(field: 'from' | 'to', value: string | undefined, tz: string): number | undefined {
  if (value === undefined || !DATE_ONLY.test(value)) return parseTimeFilter(field, value);
  const midnight = Date.parse(`${value}T00:00:00Z`);
  if (Number.isNaN(midnight) || new Date(midnight).toISOString().slice(0, 10) !== value)
    throw invalid(field, 'is not a calendar date (YYYY-MM-DD)');
  const day = midnight / DAY_MS;
  return field === 'from' ? startOfLocalDay(day, tz) : startOfLocalDay(day + 1, tz) - 1;
}

const echo = (range: TimeRange, human: boolean | undefined) => ({
  from: range.from ?? 0,
  to: range.to ?? 0,
  human: human !== false,
});

function tallyOf(rows: GroupCount<unknown>[]): Tally {
  const t = emptyTally();
  for (const r of rows) addToTally(t, r.metric, r.n);
  return t;
}

function tallyBy<G>(rows: GroupCount<G>[]): Map<G, Tally> {
  const out = new Map<G, Tally>();
  for (const r of rows) {
    let t = out.get(r.group);
    if (!t) out.set(r.group, (t = emptyTally()));
    addToTally(t, r.metric, r.n);
  }
  return out;
}
