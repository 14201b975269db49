import { sql, type Kysely, type Transaction } from 'kysely';
import { activityStatements, type NewActivity } from './activity.repo.js';
import type { Db } from './database.js';
import { newId } from './ids.js';
import type { Database, MessageTable } from './schema.js';
import {
  insertMessages,
  leadsContacted,
  pacingWrite,
  readReserving,
  rowsSent,
  sentEnrollments,
  type SentEnrollment,
} from './send-ledger.sql.js';
import { runAtomically, runStatement } from './statement-text.js';

/** What the dispatcher asks to reserve: one step of one enrollment, from one sender. */
export interface ReserveRequest {
  enrollmentId: string;
  step: number;
  senderId: string;
  messageId: string;
  toEmail: string;
  subject: string;
  variant: number;
  /** the sender may not send again before now + gapMs */
  gapMs: number;
  /** the sender's cap and the start of its current local day, for counting */
  cap: number;
  dayStart: number;
  leaseMs: number;
  /** hex of the message's tracking key, and the URLs its tracked links stand for */
  trackKey?: string;
  links?: string[];
}

/** An accepted message to record: its ledger row, its enrollment's next state, its `sent` activity. */
export interface SentRecord {
  messageRowId: string;
  sentAt: number;
  enrollmentId: string;
  leadId: string;
  enrollment: SentEnrollment;
  activity: NewActivity;
}

/** What a reservation decided. */
export type Reservation =
  | { kind: 'reserved'; message: MessageTable }
  | { kind: 'stopped'; reason: string }
  | { kind: 'paced'; until: number }
  | { kind: 'capped' }
  | { kind: 'paused' }
  | { kind: 'busy' };

// Statuses that count toward a sender's daily cap: all that may have reached the recipient.
const COUNTED = ['sending', 'sent', 'uncertain'] as const;
// Lead statuses that end every sequence for the lead.
const FINAL_LEAD = ['bounced', 'replied', 'unsubscribed'];

/**
 * The send ledger. A message row, unique on (enrollment, step) and carrying its Message-ID, is
 * committed before SMTP is spoken; outcomes are recorded with the enrollment's next state in one
 * transaction. That is what makes a step go out at most once, and never vanish unrecorded.
 */
export class SendLedgerRepo {
  constructor(private readonly db: Db) {}

  /** Re-checks the stop rules, the sender's gap and cap, then reserves the step, all in one transaction. */
  async reserve(r: ReserveRequest, now: number): Promise<Reservation> {
    return (await this.reserveMany([r], now))[0]!;
  }

  /**
   * `reserve` for many steps in one transaction (the engine's group commit), each decided as if alone
   * and in order: a second step for one sender within its gap is `paced`, one past its cap `capped`.
   * Pacing rows are locked in sender order (on PostgreSQL in the same statement as the enrollment rows,
   * each worker's own claimed ones), so workers never deadlock.
   */
  async reserveMany(requests: ReserveRequest[], now: number): Promise<Reservation[]> {
    if (requests.length === 0) return [];
    const dialect = this.db.dialect;
    return this.db.kysely.transaction().execute(async (tx) => {
      // The enrollments with what their stop rules need, and their senders' pacing rows, in one read.
      const { rows, pacing: paced } = await readReserving(
        tx,
        dialect,
        requests.map((r) => r.enrollmentId),
        [...new Set(requests.map((r) => r.senderId))].sort(),
      );
      const byId = new Map(rows.map((e) => [e.id, e]));
      const pacing = new Map<
        string,
        { nextSendAt: number; dayStart: number | null; count: number; touched: boolean }
      >();
      for (const p of paced) {
        pacing.set(p.sender_id, {
          nextSendAt: Number(p.next_send_at),
          dayStart: p.day_start === null ? null : Number(p.day_start),
          count: Number(p.day_count),
          touched: false,
        });
      }

      const out: Reservation[] = [];
      const fresh: MessageTable[] = [];
      for (const r of requests) {
        const e = byId.get(r.enrollmentId);
        if (!e || e.status !== 'active' || e.step !== r.step) {
          out.push({ kind: 'busy' });
          continue;
        }
        if (e.sequence_status !== 'running' && e.sequence_status !== 'needs-attention') {
          out.push({ kind: 'paused' });
          continue;
        }
        const stop =
          stopReason(e.lead_found === null || e.removed_at !== null, e.lead_status) ??
          (e.blocked ? 'address on the blocklist' : undefined);
        if (stop) {
          await tx
            .updateTable('enrollments')
            .set({ status: 'stopped', reason: stop, due_at: null, updated_at: now })
            .where('id', '=', e.id)
            .execute();
          out.push({ kind: 'stopped', reason: stop });
          continue;
        }
        const p = pacing.get(r.senderId)!;
        if (p.nextSendAt > now) {
          out.push({ kind: 'paced', until: p.nextSendAt });
          continue;
        }
        if (p.dayStart !== r.dayStart) {
          // The running count is of another day (or none yet): count this day from the ledger.
          p.count = await countSince(tx, r.senderId, r.dayStart);
          p.dayStart = r.dayStart;
          p.touched = true;
        }
        if (p.count >= r.cap) {
          out.push({ kind: 'capped' });
          continue;
        }
        p.count += 1;
        p.nextSendAt = now + r.gapMs;
        p.touched = true;
        const message: MessageTable = {
          id: newId(now),
          workspace_id: e.workspace_id,
          enrollment_id: e.id,
          sequence_id: e.sequence_id,
          lead_id: e.lead_id,
          step: r.step,
          sender_id: r.senderId,
          status: 'sending',
          message_id: r.messageId,
          to_email: r.toEmail,
          subject: r.subject,
          variant: r.variant,
          attempts: 0,
          last_error: '',
          lease_until: now + r.leaseMs,
          reserved_at: now,
          sent_at: null,
          track_key: r.trackKey ?? null,
          links: JSON.stringify(r.links ?? []),
        };
        fresh.push(message);
        out.push({ kind: 'reserved', message });
      }

      const pacingRows = () =>
        [...pacing]
          .filter(([, p]) => p.touched)
          .map(([senderId, p]) => ({
            sender_id: senderId,
            next_send_at: p.nextSendAt,
            day_start: p.dayStart,
            day_count: p.count,
          }));
      // The pacing is written with the new rows, as if every one went in; a step found taken already gives
      // its count back below (rare: a retry, or another worker's row).
      const inserted = new Set(await insertMessages(tx, dialect, fresh, pacingRows()));
      let givenBack = false;
      // A step with a ledger row already is a retry (taken again, same Message-ID) or not ours to send.
      for (const [i, res] of out.entries()) {
        if (res.kind !== 'reserved' || inserted.has(res.message.id)) continue;
        const again = await this.retake(tx, res.message, now);
        if (again) out[i] = { kind: 'reserved', message: again };
        else {
          out[i] = { kind: 'busy' };
          const p = pacing.get(res.message.sender_id)!;
          p.count -= 1;
          givenBack = true;
        }
      }
      if (givenBack) {
        const write = pacingWrite(dialect, pacingRows());
        await runStatement(tx, write.text, write.params);
      }
      return out;
    });
  }

  /** A step waiting to be tried again is taken again with its Message-ID, so a server that got the first try can tell. */
  private async retake(tx: Transaction<Database>, m: MessageTable, now: number): Promise<MessageTable | undefined> {
    const existing = await tx
      .selectFrom('messages')
      .selectAll()
      .where('enrollment_id', '=', m.enrollment_id)
      .where('step', '=', m.step)
      .executeTakeFirst();
    if (existing?.status !== 'retry') return undefined;
    // The tracking key stays (links already out may carry it); the links are those of this rendering.
    const again = {
      ...existing,
      status: 'sending' as const,
      sender_id: m.sender_id,
      lease_until: m.lease_until,
      reserved_at: now,
      track_key: existing.track_key ?? m.track_key,
      links: m.links,
    };
    await tx
      .updateTable('messages')
      .set({
        status: 'sending',
        sender_id: m.sender_id,
        lease_until: m.lease_until,
        reserved_at: now,
        track_key: again.track_key,
        links: again.links,
      })
      .where('id', '=', existing.id)
      .execute();
    return again;
  }

  /**
   * Records accepted messages, many in one transaction (the engine's group commit): each ledger row,
   * its enrollment's next state, its lead's status, and the `sent` activity with the sequence counters.
   */
  async markSentMany(items: SentRecord[]): Promise<void> {
    if (items.length === 0) return;
    const dialect = this.db.dialect;
    // The sends of one batch finished within one turn of the event loop: they share its time.
    const last = Math.max(...items.map((i) => i.sentAt));
    const statements = [];
    for (let i = 0; i < items.length; i += 500) {
      const chunk = items.slice(i, i + 500);
      statements.push(
        sentEnrollments(
          dialect,
          chunk.map((c) => ({ id: c.enrollmentId, state: c.enrollment, at: c.sentAt })),
        ),
        rowsSent(
          dialect,
          chunk.map((c) => c.messageRowId),
          last,
        ),
        leadsContacted(dialect, [...new Set(chunk.map((c) => c.leadId))], last),
      );
    }
    statements.push(
      ...activityStatements(
        this.db.kysely,
        items.map((i) => i.activity),
      ).statements,
    );
    // On PostgreSQL one statement, one round trip: the record of a batch of sends is most of what a send costs the database.
    await runAtomically(this.db.kysely, statements);
  }

  /** A try that did not go out: the row waits to be tried again at `retryAt` with the same Message-ID. */
  async markRetry(
    messageRowId: string,
    error: string,
    retryAt: number,
    countAttempt: boolean,
    now: number,
    /** the enrollment's reason while it waits */
    reason = '',
  ) {
    await this.db.kysely.transaction().execute(async (tx) => {
      const msg = await tx
        .updateTable('messages')
        .set({
          status: 'retry',
          last_error: error,
          lease_until: null,
          ...(countAttempt ? { attempts: sql`attempts + 1` } : {}),
        })
        .where('id', '=', messageRowId)
        .returning(['enrollment_id', 'attempts', 'sender_id', 'reserved_at'])
        .executeTakeFirstOrThrow();
      await uncount(tx, msg);
      await tx
        .updateTable('enrollments')
        .set({ due_at: retryAt, reason, updated_at: now })
        .where('id', '=', msg.enrollment_id)
        .execute();
      return Number(msg.attempts);
    });
  }

  /** A try that failed for good: the row, the enrollment and (for a bounce) the lead say why. */
  async markFailed(messageRowId: string, error: string, leadStatus: string | undefined, now: number): Promise<void> {
    await this.db.kysely.transaction().execute(async (tx) => {
      const msg = await tx
        .updateTable('messages')
        .set({ status: 'failed', last_error: error, lease_until: null, attempts: sql`attempts + 1` })
        .where('id', '=', messageRowId)
        .returning(['enrollment_id', 'lead_id', 'sender_id', 'reserved_at'])
        .executeTakeFirstOrThrow();
      await uncount(tx, msg);
      await tx
        .updateTable('enrollments')
        .set({ status: 'stopped', reason: error, due_at: null, updated_at: now })
        .where('id', '=', msg.enrollment_id)
        .execute();
      if (leadStatus) {
        await tx
          .updateTable('leads')
          .set({ status: leadStatus, last_modified: now })
          .where('id', '=', msg.lead_id)
          .execute();
      }
    });
  }

  /** A send whose fate is unknown (the connection dropped after the message was handed over): never re-sent. */
  async markUncertain(messageRowId: string, error: string, now: number): Promise<void> {
    await this.db.kysely.transaction().execute(async (tx) => {
      const msg = await tx
        .updateTable('messages')
        .set({ status: 'uncertain', last_error: error, lease_until: null, attempts: sql`attempts + 1` })
        .where('id', '=', messageRowId)
        .returning(['enrollment_id'])
        .executeTakeFirstOrThrow();
      await tx
        .updateTable('enrollments')
        .set({ status: 'uncertain', reason: error, due_at: null, updated_at: now })
        .where('id', '=', msg.enrollment_id)
        .execute();
    });
  }

  /**
   * Rows left `sending` past their lease belong to a worker that died mid-send: whether the server
   * took the message is unknown, so they become `uncertain` — counted and shown, never sent again.
   */
  async expireLeases(now: number): Promise<number> {
    return this.db.kysely.transaction().execute(async (tx) => {
      const stale = await tx
        .selectFrom('messages')
        .select(['id', 'enrollment_id'])
        .where('status', '=', 'sending')
        .where('lease_until', '<', now)
        .execute();
      if (stale.length === 0) return 0;
      await tx
        .updateTable('messages')
        .set({ status: 'uncertain', last_error: 'the worker stopped while sending; delivery unknown' })
        .where(
          'id',
          'in',
          stale.map((s) => s.id),
        )
        .where('status', '=', 'sending')
        .execute();
      await tx
        .updateTable('enrollments')
        .set({ status: 'uncertain', reason: 'a send was interrupted; delivery unknown', due_at: null, updated_at: now })
        .where(
          'id',
          'in',
          stale.map((s) => s.enrollment_id),
        )
        .execute();
      return stale.length;
    });
  }

  /** The messages of an enrollment, by step. */
  async messagesOf(enrollmentId: string): Promise<MessageTable[]> {
    return this.db.kysely
      .selectFrom('messages')
      .selectAll()
      .where('enrollment_id', '=', enrollmentId)
      .orderBy('step')
      .execute();
  }

  /** The earliest time a sender may send again (its gap), if it has sent before. */
  async nextSendAt(senderId: string): Promise<number | undefined> {
    const row = await this.db.kysely
      .selectFrom('sender_pacing')
      .select('next_send_at')
      .where('sender_id', '=', senderId)
      .executeTakeFirst();
    return row ? Number(row.next_send_at) : undefined;
  }

  /** How many messages a sender has reserved since `dayStart` that count toward its cap. */
  async countedSince(senderId: string, dayStart: number): Promise<number> {
    const pacing = await this.db.kysely
      .selectFrom('sender_pacing')
      .select(['day_start', 'day_count'])
      .where('sender_id', '=', senderId)
      .executeTakeFirst();
    // The running count serves when it counts this very day; otherwise the ledger is counted.
    if (pacing?.day_start != null && Number(pacing.day_start) === dayStart) return Number(pacing.day_count);
    return countSince(this.db.kysely, senderId, dayStart);
  }

  /** How many of a sequence's messages are in each status, per step index. */
  async countByStep(sequenceId: string): Promise<Record<number, Record<string, number>>> {
    const rows = await this.db.kysely
      .selectFrom('messages')
      .select(['step', 'status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('sequence_id', '=', sequenceId)
      .groupBy(['step', 'status'])
      .execute();
    const out: Record<number, Record<string, number>> = {};
    for (const r of rows) (out[Number(r.step)] ??= {})[r.status] = Number(r.n);
    return out;
  }

  /** How many of a sequence's messages are in each status. */
  async countByStatus(sequenceId: string): Promise<Record<string, number>> {
    const rows = await this.db.kysely
      .selectFrom('messages')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('sequence_id', '=', sequenceId)
      .groupBy('status')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }
}

/** Why a lead must get no more email, from what the reserving transaction read; `undefined` when it may. */
function stopReason(removed: boolean, leadStatus: string | null): string | undefined {
  if (removed) return 'lead removed from its list';
  if (leadStatus !== null && FINAL_LEAD.includes(leadStatus)) return `lead ${leadStatus}`;
  return undefined;
}

/**
 * A reserved message that did not go out (retry later, failed) no longer counts toward its sender's
 * cap: taken off the running count when that count's day includes the reservation.
 */
async function uncount(tx: Transaction<Database>, msg: { sender_id: string; reserved_at: number }): Promise<void> {
  await tx
    .updateTable('sender_pacing')
    .set({ day_count: sql`day_count - 1` })
    .where('sender_id', '=', msg.sender_id)
    .where('day_start', '<=', msg.reserved_at)
    .where('day_count', '>', 0)
    .execute();
}

/** How many messages a sender has reserved since `dayStart` that count toward its cap, from the ledger. */
async function countSince(db: Kysely<Database>, senderId: string, dayStart: number): Promise<number> {
  const row = await db
    .selectFrom('messages')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('sender_id', '=', senderId)
    .where('reserved_at', '>=', dayStart)
    .where('status', 'in', [...COUNTED])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
