import { sql, type Expression, type SelectQueryBuilder } from 'kysely';
import type { Metric } from '../domain/engagement-counts.js';
import type { Db } from './database.js';
import { activityScope } from './recipient-filter.js';
import type { Database } from './schema.js';

/** Which events to count: a workspace, a time range and any of sequence, senders or recipients. */
export interface EventScope {
  workspaceId: string;
  /** inclusive bounds, Unix ms */
  from?: number | undefined;
  to?: number | undefined;
  sequenceId?: string | undefined;
  /** sender addresses, as the activity log writes them */
  senderEmails?: string[] | undefined;
  /** lower-cased recipient addresses */
  recipientKeys?: string[] | undefined;
}

/** How many events of one metric fell in one group (a time bucket, a recipient, a sender). */
export interface GroupCount<G> {
  group: G;
  metric: Metric;
  n: number;
}

/** One event as every source is read: when, what, to whom, in which sequence and from which sender. */
interface EventRow {
  time: number;
  metric: Metric;
  recipient_key: string;
  sequence_id: string;
  sender_email: string;
}
type Events = SelectQueryBuilder<Database, never, EventRow>;

const ACTIVITY_KINDS = ['sent', 'open', 'click', 'reply', 'bounce'] as const;

// One metric per activity row, so the counts are the feeds' records: machine opens and clicks, auto-replies
// and soft bounces are told apart by the flags the feeds show.
const ACTIVITY_METRIC = sql<Metric>`case a.kind
  when 'sent' then 'sent'
  when 'open' then case when a.machine = 1 then 'open_machine' else 'open' end
  when 'click' then case when a.machine = 1 then 'click_machine' else 'click' end
  when 'reply' then case when a.auto_reply = 1 then 'auto_reply' else 'reply' end
  else case when a.bounce = 'soft' then 'soft_bounce' else 'bounce' end
end`;

// The latest email to an unsubscribed address, to say which sequence and sender the unsubscribe belongs to.
// `kind not in (…)` adds nothing to `kind = 'sent'` but lets SQLite use the partial `activity_by_recipient`.
const latestSent = (column: 'sequence_id' | 'sender_email') =>
  sql<string>`coalesce((select l.${sql.ref(column)} from activity l
    where l.workspace_id = b.workspace_id and l.kind = 'sent' and l.kind not in ('open', 'click')
      and l.recipient_key = b.value and l.time <= b.created_at
    order by l.time desc limit 1), '')`;

/** Counts what the analytics show, straight from the activity log, the send ledger and the blocklist. */
export class AnalyticsRepo {
  constructor(private readonly db: Db) {}

  /** Events of the scope per metric. */
  async totals(s: EventScope): Promise<GroupCount<null>[]> {
    if (matchesNothing(s)) return [];
    const rows = await this.db.kysely
      .selectFrom(this.events(s).as('e'))
      .select(['e.metric', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('e.metric')
      .execute();
    return rows.map((r) => ({ group: null, metric: r.metric, n: Number(r.n) }));
  }

  /** Events of the scope per metric and `bucketMs`-wide bucket of UTC time (group = bucket number). */
  async byTimeBucket(s: EventScope, bucketMs: number): Promise<GroupCount<number>[]> {
    if (!Number.isInteger(bucketMs) || bucketMs < 1) throw new RangeError(`bad bucket width ${bucketMs}`);
    // A literal, not a parameter: PostgreSQL matches the grouped expression to the selected one by its text.
    const bucket = sql<number>`e.time / ${sql.lit(bucketMs)}`;
    return this.grouped(s, bucket, (g) => Number(g));
  }

  /** Events of the scope per metric and recipient address (group = lower-cased address). */
  async byRecipient(s: EventScope): Promise<GroupCount<string>[]> {
    return this.grouped(s, sql<string>`e.recipient_key`, String);
  }

  /** Events of the scope per metric and sender address. */
  async bySender(s: EventScope): Promise<GroupCount<string>[]> {
    return this.grouped(s, sql<string>`e.sender_email`, String);
  }

  /** One page of the recipients with events in the scope, latest event first. */
  async recipients(s: EventScope, window: { offset: number; limit: number }): Promise<{ key: string; last: number }[]> {
    if (matchesNothing(s)) return [];
    const rows = await this.db.kysely
      .selectFrom(this.events(s).as('e'))
      .select(['e.recipient_key', (eb) => eb.fn.max('e.time').as('last')])
      .groupBy('e.recipient_key')
      .orderBy('last', 'desc')
      .orderBy('e.recipient_key')
      .limit(window.limit)
      .offset(window.offset)
      .execute();
    return rows.map((r) => ({ key: r.recipient_key, last: Number(r.last) }));
  }

  /** How many recipients have events in the scope. */
  async recipientCount(s: EventScope): Promise<number> {
    if (matchesNothing(s)) return 0;
    const row = await this.db.kysely
      .selectFrom(this.events(s).as('e'))
      .select((eb) => eb.fn.count<number>('e.recipient_key').distinct().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** The current lead of each address (the latest added, not removed), by lower-cased address. */
  async leadsByAddress(workspaceId: string, keys: string[]): Promise<Map<string, { id: string; status: string }>> {
    const out = new Map<string, { id: string; status: string }>();
    if (keys.length === 0) return out;
    const rows = await this.db.kysely
      .selectFrom('leads')
      .select(['id', 'email_key', 'status'])
      .where('workspace_id', '=', workspaceId)
      .where('email_key', 'in', keys)
      .where('removed_at', 'is', null)
      .orderBy('id')
      .execute();
    for (const r of rows) out.set(r.email_key, { id: r.id, status: r.status });
    return out;
  }

  /** How many senders the workspace has. */
  async senderCount(workspaceId: string): Promise<number> {
    const row = await this.db.kysely
      .selectFrom('senders')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  private async grouped<G>(s: EventScope, key: Expression<G>, read: (g: unknown) => G): Promise<GroupCount<G>[]> {
    if (matchesNothing(s)) return [];
    const rows = await this.db.kysely
      .selectFrom(this.events(s).as('e'))
      .select([sql<G>`${key}`.as('g'), 'e.metric', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy([key, 'e.metric'])
      .execute();
    return rows.map((r) => ({ group: read(r.g), metric: r.metric, n: Number(r.n) }));
  }

  /**
   * Every counted event of the scope, from its three sources: the activity log (what the feeds list:
   * sends, opens, clicks, replies and the bounces the inbox read), the ledger's refusals at send time,
   * and the blocklist's unsubscribes.
   */
  private events(s: EventScope): Events {
    return this.activityEvents(s).unionAll(this.refusalEvents(s)).unionAll(this.unsubscribeEvents(s));
  }

  private activityEvents(s: EventScope) {
    let q = this.db.kysely
      .selectFrom('activity as a')
      .select([
        'a.time as time',
        ACTIVITY_METRIC.as('metric'),
        'a.recipient_key as recipient_key',
        'a.sequence_id as sequence_id',
        'a.sender_email as sender_email',
      ])
      .where(
        activityScope(this.db.dialect, { workspaceId: s.workspaceId, kinds: ACTIVITY_KINDS, keys: s.recipientKeys }),
      );
    if (s.from !== undefined) q = q.where('a.time', '>=', s.from);
    if (s.to !== undefined) q = q.where('a.time', '<=', s.to);
    if (s.sequenceId !== undefined) q = q.where('a.sequence_id', '=', s.sequenceId);
    if (s.senderEmails !== undefined) q = q.where('a.sender_email', 'in', s.senderEmails);
    return q;
  }

  /**
   * Hard bounces at send time: the 5xx refusals the engine recorded in the ledger (`failed`, reason
   * `bounced: …`), timed at the try. Bounces reported later by mail are `bounce` rows of the activity log,
   * written by the inbox. A new source of bounces joins the union here.
   */
  private refusalEvents(s: EventScope) {
    let q = this.db.kysely
      .selectFrom('messages as m')
      .leftJoin('senders as sd', 'sd.id', 'm.sender_id')
      .select([
        'm.reserved_at as time',
        sql<Metric>`'refused'`.as('metric'),
        sql<string>`lower(m.to_email)`.as('recipient_key'),
        'm.sequence_id as sequence_id',
        sql<string>`coalesce(sd.email, '')`.as('sender_email'),
      ])
      .where('m.status', '=', 'failed')
      .where('m.workspace_id', '=', s.workspaceId)
      .where('m.last_error', 'like', 'bounced:%');
    if (s.from !== undefined) q = q.where('m.reserved_at', '>=', s.from);
    if (s.to !== undefined) q = q.where('m.reserved_at', '<=', s.to);
    if (s.sequenceId !== undefined) q = q.where('m.sequence_id', '=', s.sequenceId);
    if (s.senderEmails !== undefined) q = q.where('sd.email', 'in', s.senderEmails);
    if (s.recipientKeys !== undefined) q = q.where(sql`lower(m.to_email)`, 'in', s.recipientKeys);
    return q;
  }

  /** Recipients' own unsubscribes (link or reply), each counted for the sequence and sender that last wrote to them. */
  private unsubscribeEvents(s: EventScope) {
    let inner = this.db.kysely
      .selectFrom('blocklist as b')
      .select([
        'b.created_at as time',
        sql<Metric>`'unsubscribe'`.as('metric'),
        'b.value as recipient_key',
        latestSent('sequence_id').as('sequence_id'),
        latestSent('sender_email').as('sender_email'),
      ])
      .where('b.workspace_id', '=', s.workspaceId)
      .where('b.source', '=', 'unsubscribe')
      .where('b.type', '=', 'email');
    if (s.from !== undefined) inner = inner.where('b.created_at', '>=', s.from);
    if (s.to !== undefined) inner = inner.where('b.created_at', '<=', s.to);
    if (s.recipientKeys !== undefined) inner = inner.where('b.value', 'in', s.recipientKeys);
    let q = this.db.kysely.selectFrom(inner.as('u')).selectAll('u');
    if (s.sequenceId !== undefined) q = q.where('u.sequence_id', '=', s.sequenceId);
    if (s.senderEmails !== undefined) q = q.where('u.sender_email', 'in', s.senderEmails);
    return q;
  }
}

// `in ()` is not SQL: a scope naming no sender or no recipient matches nothing, and is answered without a query.
const matchesNothing = (s: EventScope): boolean => s.senderEmails?.length === 0 || s.recipientKeys?.length === 0;
