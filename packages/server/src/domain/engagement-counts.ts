import type { AnalyticsCounts } from '@blinkpost/contract';

/**
 * The kinds of event the analytics count, one name each: machine opens and clicks apart from people's,
 * auto-replies apart from replies, soft bounces apart from hard ones, and hard bounces by where they were
 * seen (`bounce`: reported back by mail; `refused`: a 5xx at send time).
 */
export const METRICS = [
  'sent',
  'open',
  'open_machine',
  'click',
  'click_machine',
  'reply',
  'auto_reply',
  'bounce',
  'soft_bounce',
  'refused',
  'unsubscribe',
] as const;

/** One kind of counted event. */
export type Metric = (typeof METRICS)[number];

/** How many events of each kind. */
export type Tally = Record<Metric, number>;

/** A tally of nothing. */
export const emptyTally = (): Tally => Object.fromEntries(METRICS.map((m) => [m, 0])) as Tally;

/** Adds `n` events of `metric` to a tally. */
export function addToTally(t: Tally, metric: Metric, n: number): void {
  t[metric] += n;
}

/** `part` as a percentage of `whole`, two decimals; 0 when `whole` is 0, so never NaN. */
export function percentOf(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 10_000) / 100 : 0;
}

/** A tally as the API answers it: `opens`/`clicks` with or without machines, the machine counts apart, rates. */
export function countsOf(t: Tally, human: boolean): AnalyticsCounts {
  const opens = t.open + (human ? 0 : t.open_machine);
  const clicks = t.click + (human ? 0 : t.click_machine);
  const bounces = t.bounce + t.refused;
  return {
    sent: t.sent,
    opens,
    opens_machine: t.open_machine,
    clicks,
    clicks_machine: t.click_machine,
    replies: t.reply,
    auto_replies: t.auto_reply,
    bounces,
    soft_bounces: t.soft_bounce,
    unsubscribes: t.unsubscribe,
    open_rate: percentOf(opens, t.sent),
    click_rate: percentOf(clicks, t.sent),
    reply_rate: percentOf(t.reply, t.sent),
    // A refused message never counts as sent, so bounces are measured against every attempt.
    bounce_rate: percentOf(bounces, t.sent + t.refused),
    unsubscribe_rate: percentOf(t.unsubscribe, t.sent),
  };
}
