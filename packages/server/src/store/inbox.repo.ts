import { sql, type Transaction } from 'kysely';
import { deleteInboundActivity, insertActivity, setAutoReply, type NewActivity } from './activity.repo.js';
import type { Db } from './database.js';
import { lockForUpdate } from './dialect.js';
import { newId } from './ids.js';
import { escapeLike } from './listing.js';
import type { Database, InboundMessageTable } from './schema.js';

/** How far a sender's INBOX has been read. */
export interface InboxCursor {
  uidValidity: number;
  lastUid: number;
}

/** One of our sent messages an inbound message belongs to. */
export interface OurMessage {
  messageId: string;
  senderId: string;
  sequenceId: string;
  leadId: string;
  /** the address it went to, as sent */
  toEmail: string;
}

/** An inbound message as stored. */
export type InboundRecord = InboundMessageTable;

/** An inbound row to write; the id, the activity link, the effects and the correction fields are filled in. */
export type NewInbound = Omit<InboundMessageTable, 'id' | 'activity_id' | 'corrected' | 'corrected_at' | 'effects'>;

/** The sentence saying what the writes did, once the number of enrollments they stopped is known. */
export type DescribeEffects = (stopped: number) => string;

/** The writes an inbound verdict makes, all in the transaction that records it. */
export interface InboundWrites {
  now: number;
  activity?: NewActivity | undefined;
  /** the workspace's live leads with this address get `status`, unless theirs is not one of `from` */
  leadStatus?: { workspaceId: string; emailKey: string; status: string; from: string[] } | undefined;
  /** the workspace's pending enrollments of this address (or of every address at `domain`) stop */
  stop?: { workspaceId: string; emailKey: string; domain?: string | undefined; reason: string } | undefined;
}

/** Which inbound messages a listing wants. */
export interface InboundFilter {
  workspaceId: string;
  kinds: string[];
  senderId?: string | undefined;
  sequenceId?: string | undefined;
}

const PENDING = ['active', 'held'] as const;

/** The inbox's bookkeeping: read positions per sender, and every inbound message with its verdict. */
export class InboxRepo {
  constructor(private readonly db: Db) {}

  async cursor(senderId: string): Promise<InboxCursor | undefined> {
    const row = await this.db.kysely
      .selectFrom('inbox_cursors')
      .select(['uid_validity', 'last_uid'])
      .where('sender_id', '=', senderId)
      .executeTakeFirst();
    return row && { uidValidity: Number(row.uid_validity), lastUid: Number(row.last_uid) };
  }

  /** Moves the read position (and clears the last error): called after each message is recorded. */
  async saveCursor(senderId: string, cursor: InboxCursor, now: number): Promise<void> {
    const values = { uid_validity: cursor.uidValidity, last_uid: cursor.lastUid, last_error: '', updated_at: now };
    await this.db.kysely
      .insertInto('inbox_cursors')
      .values({ sender_id: senderId, ...values })
      .onConflict((oc) => oc.column('sender_id').doUpdateSet(values))
      .execute();
  }

  /** Notes why the last connection failed; the position is kept. */
  async noteError(senderId: string, error: string, now: number): Promise<void> {
    await this.db.kysely
      .insertInto('inbox_cursors')
      .values({ sender_id: senderId, uid_validity: 0, last_uid: 0, last_error: error, updated_at: now })
      .onConflict((oc) => oc.column('sender_id').doUpdateSet({ last_error: error, updated_at: now }))
      .execute();
  }

  /** Whether the workspace has recorded this message already. */
  async recorded(workspaceId: string, dedupeKey: string): Promise<boolean> {
    const row = await this.db.kysely
      .selectFrom('inbound_messages')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where('dedupe_key', '=', dedupeKey)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** The latest of our messages in the workspace with one of these Message-IDs. */
  async ourMessage(workspaceId: string, messageIds: string[]): Promise<OurMessage | undefined> {
    if (messageIds.length === 0) return undefined;
    return this.db.kysely
      .selectFrom('messages')
      .select(['message_id as messageId', 'sender_id as senderId', 'sequence_id as sequenceId', 'lead_id as leadId'])
      .select('to_email as toEmail')
      .where('message_id', 'in', messageIds)
      .where('workspace_id', '=', workspaceId)
      .orderBy('reserved_at', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  /** The latest message one of `senderIds` sent to a lead with this address (through the lead's enrollments). */
  async lastMessageTo(workspaceId: string, senderIds: string[], emailKey: string): Promise<OurMessage | undefined> {
    if (senderIds.length === 0) return undefined;
    return this.db.kysely
      .selectFrom('leads as l')
      .innerJoin('enrollments as e', 'e.lead_id', 'l.id')
      .innerJoin('messages as m', 'm.enrollment_id', 'e.id')
      .select(['m.message_id as messageId', 'm.sender_id as senderId', 'm.sequence_id as sequenceId'])
      .select(['m.lead_id as leadId', 'm.to_email as toEmail'])
      .where('l.workspace_id', '=', workspaceId)
      .where('l.email_key', '=', emailKey)
      .where('m.sender_id', 'in', senderIds)
      .orderBy('m.reserved_at', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  /** The workspace's senders that share a mailbox address: their `from_email` or reply-to is one of `addresses`. */
  async sendersOfMailbox(workspaceId: string, addresses: string[]): Promise<string[]> {
    const rows = await this.db.kysely
      .selectFrom('senders')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where((eb) => eb.or([eb('email_key', 'in', addresses), eb(eb.fn('lower', ['reply_to']), 'in', addresses)]))
      .execute();
    return rows.map((r) => r.id);
  }

  /** The step and template of the `sent` record of one of our messages. */
  async sentRecord(messageId: string): Promise<{ step: number; templateName: string } | undefined> {
    const row = await this.db.kysely
      .selectFrom('activity')
      .select(['step', 'template_name'])
      .where('message_id', '=', messageId)
      // a literal, so that the partial index on `sent` records applies
      .where('kind', '=', sql.lit('sent'))
      .executeTakeFirst();
    return row && { step: Number(row.step), templateName: row.template_name };
  }

  /**
   * Records an inbound message and its writes in one transaction; `undefined` when the workspace had
   * recorded it already (another worker, a mailbox read again), and then nothing is written.
   */
  async record(row: NewInbound, writes: InboundWrites, describe: DescribeEffects): Promise<string | undefined> {
    return this.db.kysely.transaction().execute(async (tx) => {
      const id = newId(row.received_at);
      const inserted = await tx
        .insertInto('inbound_messages')
        .values({ ...row, id, effects: '', activity_id: null, corrected: 0, corrected_at: null })
        .onConflict((oc) => oc.columns(['workspace_id', 'dedupe_key']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!inserted) return undefined;
      const effects = describe(await apply(tx, id, writes));
      await tx.updateTable('inbound_messages').set({ effects }).where('id', '=', id).execute();
      return id;
    });
  }

  /**
   * A person's correction: the row takes the new kind (its original kind is kept), its activity row
   * follows (a reply turned auto-reply or back keeps its row; otherwise the old row goes and a new one
   * comes), and the new kind's writes are made. Answers the effects sentence stored.
   */
  async correct(
    current: InboundRecord,
    next: { kind: string; severity: string },
    writes: InboundWrites,
    describe: DescribeEffects,
  ): Promise<string> {
    return this.db.kysely.transaction().execute(async (tx) => {
      await lockForUpdate(
        this.db,
        tx.selectFrom('inbound_messages').select('id').where('id', '=', current.id),
      ).executeTakeFirst();
      const replyLike = (k: string) => k === 'reply' || k === 'auto_reply';
      let activityId = current.activity_id;
      const keepRow = activityId !== null && replyLike(current.kind) && replyLike(next.kind);
      if (keepRow) await setAutoReply(tx, activityId!, next.kind === 'auto_reply');
      else if (activityId !== null) {
        await deleteInboundActivity(tx, activityId);
        activityId = null;
      }
      await tx
        .updateTable('inbound_messages')
        .set({
          kind: next.kind,
          severity: next.severity,
          activity_id: activityId,
          corrected: 1,
          corrected_at: writes.now,
        })
        .where('id', '=', current.id)
        .execute();
      const effects = describe(await apply(tx, current.id, keepRow ? { ...writes, activity: undefined } : writes));
      await tx.updateTable('inbound_messages').set({ effects }).where('id', '=', current.id).execute();
      return effects;
    });
  }

  /** Adds a sentence to what a row says was done (a pause, an unsubscribe made after it was recorded). */
  async addEffect(id: string, sentence: string): Promise<void> {
    await this.db.kysely
      .updateTable('inbound_messages')
      .set({ effects: sql`effects || ${` ${sentence}`}` })
      .where('id', '=', id)
      .execute();
  }

  async get(workspaceId: string, id: string): Promise<InboundRecord | undefined> {
    return this.db.kysely
      .selectFrom('inbound_messages')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** Inbound messages, latest first. */
  async list(f: InboundFilter, window: { offset: number; limit: number }): Promise<InboundRecord[]> {
    let q = this.db.kysely
      .selectFrom('inbound_messages')
      .selectAll()
      .where('workspace_id', '=', f.workspaceId)
      .where('kind', 'in', f.kinds);
    if (f.senderId !== undefined) q = q.where('sender_id', '=', f.senderId);
    if (f.sequenceId !== undefined) q = q.where('sequence_id', '=', f.sequenceId);
    return q.orderBy('id', 'desc').limit(window.limit).offset(window.offset).execute();
  }

  /** A sequence's hard bounces: inbound ones that still count as such, and 5xx refusals at send time. */
  async hardBounces(sequenceId: string): Promise<number> {
    const inbound = await this.db.kysely
      .selectFrom('inbound_messages')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('sequence_id', '=', sequenceId)
      .where('kind', '=', 'bounce')
      .where('severity', '=', 'hard')
      .executeTakeFirstOrThrow();
    const atSend = await this.db.kysely
      .selectFrom('messages')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'failed')
      .where('sequence_id', '=', sequenceId)
      .where('last_error', 'like', 'bounced:%')
      .executeTakeFirstOrThrow();
    return Number(inbound.n) + Number(atSend.n);
  }
}

/** Makes an inbound verdict's writes inside the caller's transaction; answers how many enrollments stopped. */
async function apply(tx: Transaction<Database>, inboundId: string, w: InboundWrites): Promise<number> {
  if (w.activity) {
    const [activityId] = await insertActivity(tx, [w.activity]);
    await tx
      .updateTable('inbound_messages')
      .set({ activity_id: activityId ?? null })
      .where('id', '=', inboundId)
      .execute();
  }
  if (w.leadStatus) {
    const { workspaceId, emailKey, status, from } = w.leadStatus;
    await tx
      .updateTable('leads')
      .set({ status, last_modified: w.now })
      .where('workspace_id', '=', workspaceId)
      .where('email_key', '=', emailKey)
      .where('removed_at', 'is', null)
      .where('status', 'in', from)
      .execute();
  }
  if (!w.stop) return 0;
  const { workspaceId, emailKey, domain, reason } = w.stop;
  // Through the workspace's sequences, so the (sequence_id, status) index finds the pending rows.
  const result = await tx
    .updateTable('enrollments')
    .set({ status: 'stopped', reason, due_at: null, updated_at: w.now })
    .where('sequence_id', 'in', (eb) => eb.selectFrom('sequences').select('id').where('workspace_id', '=', workspaceId))
    .where('status', 'in', [...PENDING])
    .where((eb) =>
      domain === undefined
        ? eb('email_key', '=', emailKey)
        : sql<boolean>`email_key like ${`%@${escapeLike(domain)}`} escape '\\'`,
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
