import { sql, type Transaction } from 'kysely';
import { insertActivity, type NewActivity } from './activity.repo.js';
import type { Db } from './database.js';
import { lockForUpdate } from './dialect.js';
import { newId } from './ids.js';
import type { Database, EnrollmentTable, MessageTable } from './schema.js';

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
    return this.db.kysely.transaction().execute(async (tx) => {
      const e = await lockForUpdate(
        this.db,
        tx.selectFrom('enrollments').selectAll().where('id', '=', r.enrollmentId),
      ).executeTakeFirst();
      if (!e || e.status !== 'active' || e.step !== r.step) return { kind: 'busy' };
      const seq = await tx.selectFrom('sequences').select('status').where('id', '=', e.sequence_id).executeTakeFirst();
      if (!seq || (seq.status !== 'running' && seq.status !== 'needs-attention')) return { kind: 'paused' };
      const stop = await stopReason(tx, e);
      if (stop) {
        await tx
          .updateTable('enrollments')
          .set({ status: 'stopped', reason: stop, due_at: null, updated_at: now })
          .where('id', '=', e.id)
          .execute();
        return { kind: 'stopped', reason: stop };
      }
      // The sender's pacing row is its lock: created if missing, then held until commit, so two
      // workers reserving for one sender take turns and both see the other's count toward the cap.
      await tx
        .insertInto('sender_pacing')
        .values({ sender_id: r.senderId, next_send_at: 0 })
        .onConflict((oc) => oc.column('sender_id').doNothing())
        .execute();
      const pacing = await lockForUpdate(
        this.db,
        tx.selectFrom('sender_pacing').select('next_send_at').where('sender_id', '=', r.senderId),
      ).executeTakeFirst();
      if (pacing && Number(pacing.next_send_at) > now) return { kind: 'paced', until: Number(pacing.next_send_at) };
      const sentToday = await tx
        .selectFrom('messages')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('sender_id', '=', r.senderId)
        .where('reserved_at', '>=', r.dayStart)
        .where('status', 'in', [...COUNTED])
        .executeTakeFirstOrThrow();
      if (Number(sentToday.n) >= r.cap) return { kind: 'capped' };

      const existing = await tx
        .selectFrom('messages')
        .selectAll()
        .where('enrollment_id', '=', e.id)
        .where('step', '=', r.step)
        .executeTakeFirst();
      let message: MessageTable;
      if (existing) {
        // A retry keeps its Message-ID, so a receiving server that did get the first try can tell.
        if (existing.status !== 'retry') return { kind: 'busy' };
        message = {
          ...existing,
          status: 'sending',
          sender_id: r.senderId,
          lease_until: now + r.leaseMs,
          reserved_at: now,
        };
        await tx
          .updateTable('messages')
          .set({ status: 'sending', sender_id: r.senderId, lease_until: message.lease_until, reserved_at: now })
          .where('id', '=', existing.id)
          .execute();
      } else {
        message = {
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
        };
        await tx.insertInto('messages').values(message).execute();
      }
      const next = now + r.gapMs;
      await tx
        .insertInto('sender_pacing')
        .values({ sender_id: r.senderId, next_send_at: next })
        .onConflict((oc) => oc.column('sender_id').doUpdateSet({ next_send_at: next }))
        .execute();
      return { kind: 'reserved', message };
    });
  }

  /** Records an accepted message: the ledger row, the enrollment's next state, and the `sent` activity. */
  async markSent(
    messageRowId: string,
    sentAt: number,
    enrollment: Partial<Omit<EnrollmentTable, 'id'>>,
    activity: NewActivity,
  ): Promise<void> {
    await this.db.kysely.transaction().execute(async (tx) => {
      const msg = await tx
        .updateTable('messages')
        .set({ status: 'sent', sent_at: sentAt, lease_until: null, attempts: sql`attempts + 1` })
        .where('id', '=', messageRowId)
        .returning(['enrollment_id', 'lead_id'])
        .executeTakeFirstOrThrow();
      await tx
        .updateTable('enrollments')
        .set({ ...enrollment, updated_at: sentAt })
        .where('id', '=', msg.enrollment_id)
        .execute();
      await tx
        .updateTable('leads')
        .set({ status: 'contacted', last_modified: sentAt })
        .where('id', '=', msg.lead_id)
        .where('status', '=', 'not_contacted')
        .execute();
      await insertActivity(tx, [activity]);
    });
  }

  /** A try that did not go out: the row waits to be tried again at `retryAt` with the same Message-ID. */
  async markRetry(messageRowId: string, error: string, retryAt: number, countAttempt: boolean, now: number) {
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
        .returning(['enrollment_id', 'attempts'])
        .executeTakeFirstOrThrow();
      await tx
        .updateTable('enrollments')
        .set({ due_at: retryAt, updated_at: now })
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
        .returning(['enrollment_id', 'lead_id'])
        .executeTakeFirstOrThrow();
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
    const row = await this.db.kysely
      .selectFrom('messages')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('sender_id', '=', senderId)
      .where('reserved_at', '>=', dayStart)
      .where('status', 'in', [...COUNTED])
      .executeTakeFirstOrThrow();
    return Number(row.n);
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

/** Why a lead must get no more email, checked inside the reserving transaction; `undefined` when it may. */
async function stopReason(tx: Transaction<Database>, e: EnrollmentTable): Promise<string | undefined> {
  const lead = await tx
    .selectFrom('leads')
    .select(['removed_at', 'status'])
    .where('id', '=', e.lead_id)
    .executeTakeFirst();
  if (!lead || lead.removed_at !== null) return 'lead removed from its list';
  if (FINAL_LEAD.includes(lead.status)) return `lead ${lead.status}`;
  return undefined;
}
