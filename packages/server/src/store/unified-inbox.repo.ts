import { sql, type ExpressionBuilder, type RawBuilder } from 'kysely';
import { OUT_OF_OFFICE_WORDS } from '../domain/inbox/inbox-outcome.js';
import type { Db } from './database.js';
import { escapeLike } from './listing.js';
import type { Database, InboundMessageTable, InboxOutboundTable } from './schema.js';

/** A conversation: a lead in a sequence. */
export interface ThreadKey {
  workspaceId: string;
  sequenceId: string;
  leadId: string;
}

/** Which conversations (or messages sent from the inbox) a listing wants. */
export interface ThreadFilter {
  workspaceId: string;
  sequenceId?: string | undefined;
  outcome?: string | undefined;
  search?: string | undefined;
  from?: number | undefined;
  to?: number | undefined;
  /** a sender id or address */
  sender?: string | undefined;
}

/** A conversation's latest inbound message with what was set on the conversation. */
export interface ThreadRow extends InboundMessageTable {
  sender_email: string | null;
  outcome: string;
  unread: number;
}

/** A message sent (or to be sent) from the inbox, with its sender's address and its conversation's outcome. */
export interface OutboundRow extends InboxOutboundTable {
  sender_email: string | null;
  outcome: string | null;
}

/** A `sent` record of the sequence's own messages in a conversation. */
export interface SequenceSent {
  id: string;
  message_id: string;
  recipient_email: string;
  sender_email: string;
  subject: string;
  step: number;
  time: number;
}

const OURS = ['reply', 'auto_reply', 'bounce'];

/** What a person set on the conversation, or what an auto-reply is labelled until then. */
function outcomeOf(): RawBuilder<string> {
  const ooo = sql.join(
    OUT_OF_OFFICE_WORDS.map((w) => sql`lower(i.subject || ' ' || i.snippet) like ${`%${w}%`}`),
    sql` or `,
  );
  return sql<string>`coalesce(nullif(inbox_threads.outcome, ''), case when i.kind = 'auto_reply' then (case when ${ooo} then 'out-of-office' else 'automatic-response' end) else '' end)`;
}

const unreadOf = (): RawBuilder<number> =>
  sql<number>`case when inbox_threads.read_through is null or inbox_threads.read_through < i.id then 1 else 0 end`;

const contains = (column: string, words: string): RawBuilder<boolean> =>
  sql<boolean>`lower(${sql.ref(column)}) like ${`%${escapeLike(words.toLowerCase())}%`} escape '\\'`;

/** The unified inbox's reads and writes: conversations, their labels, and mail written in the inbox. */
export class UnifiedInboxRepo {
  constructor(private readonly db: Db) {}

  /** Conversations with a reply, auto-reply or bounce, latest first, and how many match in all. */
  async threads(
    f: ThreadFilter,
    window: { offset: number; limit: number },
  ): Promise<{ rows: ThreadRow[]; total: number }> {
    const base = this.threadQuery(f);
    const [rows, total] = await Promise.all([
      base
        .selectAll('i')
        .select(['senders.email as sender_email', outcomeOf().as('outcome'), unreadOf().as('unread')])
        .orderBy('i.id', 'desc')
        .limit(window.limit)
        .offset(window.offset)
        .execute(),
      base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(total.n) };
  }

  private threadQuery(f: ThreadFilter) {
    let q = this.db.kysely
      .selectFrom('inbound_messages as i')
      .leftJoin('inbox_threads', (j) =>
        j.onRef('inbox_threads.sequence_id', '=', 'i.sequence_id').onRef('inbox_threads.lead_id', '=', 'i.lead_id'),
      )
      .leftJoin('senders', 'senders.id', 'i.sender_id')
      .where('i.workspace_id', '=', f.workspaceId)
      .where('i.kind', 'in', OURS)
      .where('i.id', '=', (eb) =>
        eb
          .selectFrom('inbound_messages as j')
          .select((e) => e.fn.max('j.id').as('latest'))
          .whereRef('j.sequence_id', '=', 'i.sequence_id')
          .whereRef('j.lead_id', '=', 'i.lead_id')
          .where('j.kind', 'in', OURS),
      );
    if (f.sequenceId !== undefined) q = q.where('i.sequence_id', '=', f.sequenceId);
    if (f.outcome !== undefined) q = q.where(outcomeOf(), '=', f.outcome);
    if (f.from !== undefined) q = q.where('i.received_at', '>=', f.from);
    if (f.to !== undefined) q = q.where('i.received_at', '<=', f.to);
    if (f.sender !== undefined) q = q.where('i.sender_id', 'in', this.senderIds(f.workspaceId, f.sender));
    if (f.search !== undefined && f.search !== '') {
      const words = f.search;
      q = q.where((eb) =>
        eb.or(['i.lead_email', 'i.from_email', 'i.subject', 'i.snippet'].map((c) => contains(c, words))),
      );
    }
    return q;
  }

  private senderIds(workspaceId: string, sender: string) {
    return this.db.kysely
      .selectFrom('senders')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where((eb) => eb.or([eb('id', '=', sender), eb('email_key', '=', sender.trim().toLowerCase())]));
  }

  /** Messages written in the inbox with one of `statuses`, latest first, and how many match in all. */
  async outbound(
    f: ThreadFilter,
    statuses: InboxOutboundTable['status'][],
    window: { offset: number; limit: number },
  ): Promise<{ rows: OutboundRow[]; total: number }> {
    let q = this.db.kysely
      .selectFrom('inbox_outbound as o')
      .leftJoin('inbox_threads', (j) =>
        j.onRef('inbox_threads.sequence_id', '=', 'o.sequence_id').onRef('inbox_threads.lead_id', '=', 'o.lead_id'),
      )
      .leftJoin('senders', 'senders.id', 'o.sender_id')
      .where('o.workspace_id', '=', f.workspaceId)
      .where('o.status', 'in', statuses);
    const at = (eb: ExpressionBuilder<Database & { o: InboxOutboundTable }, 'o'>) =>
      eb.fn.coalesce('o.sent_at', 'o.scheduled_at');
    if (f.sequenceId !== undefined) q = q.where('o.sequence_id', '=', f.sequenceId);
    if (f.outcome !== undefined) q = q.where('inbox_threads.outcome', '=', f.outcome);
    if (f.from !== undefined) q = q.where((eb) => eb(at(eb), '>=', f.from!));
    if (f.to !== undefined) q = q.where((eb) => eb(at(eb), '<=', f.to!));
    if (f.sender !== undefined) q = q.where('o.sender_id', 'in', this.senderIds(f.workspaceId, f.sender));
    if (f.search !== undefined && f.search !== '') {
      const words = f.search;
      q = q.where((eb) => eb.or(['o.to_email', 'o.subject', 'o.text_body'].map((c) => contains(c, words))));
    }
    const [rows, total] = await Promise.all([
      q
        .selectAll('o')
        .select(['senders.email as sender_email', 'inbox_threads.outcome as outcome'])
        .orderBy('o.id', 'desc')
        .limit(window.limit)
        .offset(window.offset)
        .execute(),
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(total.n) };
  }

  /** A reply, auto-reply or bounce of the workspace by our id or by its Message-ID. */
  async findInbound(workspaceId: string, ref: string): Promise<InboundMessageTable | undefined> {
    return this.db.kysely
      .selectFrom('inbound_messages')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('kind', 'in', OURS)
      .where((eb) => eb.or([eb('id', '=', ref), eb('message_id', '=', ref)]))
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  /** A message written in the inbox, by our id or its Message-ID. */
  async findOutbound(workspaceId: string, ref: string): Promise<InboxOutboundTable | undefined> {
    return this.db.kysely
      .selectFrom('inbox_outbound')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where((eb) => eb.or([eb('id', '=', ref), eb('message_id', '=', ref)]))
      .limit(1)
      .executeTakeFirst();
  }

  /** The conversation's latest inbound message with its label and read state. */
  async thread(k: ThreadKey): Promise<ThreadRow | undefined> {
    return this.threadQuery({ workspaceId: k.workspaceId })
      .where('i.sequence_id', '=', k.sequenceId)
      .where('i.lead_id', '=', k.leadId)
      .selectAll('i')
      .select(['senders.email as sender_email', outcomeOf().as('outcome'), unreadOf().as('unread')])
      .executeTakeFirst();
  }

  /** Sets the label and/or the read mark of a conversation. */
  async mark(k: ThreadKey, change: { outcome?: string; readThrough?: string }, now: number): Promise<void> {
    const set = {
      ...(change.outcome !== undefined ? { outcome: change.outcome } : {}),
      ...(change.readThrough !== undefined ? { read_through: change.readThrough } : {}),
      updated_at: now,
    };
    await this.db.kysely
      .insertInto('inbox_threads')
      .values({
        sequence_id: k.sequenceId,
        lead_id: k.leadId,
        workspace_id: k.workspaceId,
        outcome: change.outcome ?? '',
        read_through: change.readThrough ?? null,
        updated_at: now,
      })
      .onConflict((oc) => oc.columns(['sequence_id', 'lead_id']).doUpdateSet(set))
      .execute();
  }

  /** Every message of a conversation, each kind from its own table: the sequence's, the replies, the inbox's. */
  async messagesOf(k: ThreadKey): Promise<{
    sent: SequenceSent[];
    inbound: InboundMessageTable[];
    outbound: InboxOutboundTable[];
  }> {
    const [sent, inbound, outbound] = await Promise.all([
      this.db.kysely
        .selectFrom('activity')
        .select(['id', 'message_id', 'recipient_email', 'sender_email', 'subject', 'step', 'time'])
        .where('workspace_id', '=', k.workspaceId)
        .where('sequence_id', '=', k.sequenceId)
        .where('lead_id', '=', k.leadId)
        .where('kind', '=', 'sent')
        .execute(),
      this.db.kysely
        .selectFrom('inbound_messages')
        .selectAll()
        .where('workspace_id', '=', k.workspaceId)
        .where('sequence_id', '=', k.sequenceId)
        .where('lead_id', '=', k.leadId)
        .where('kind', 'in', OURS)
        .execute(),
      this.db.kysely
        .selectFrom('inbox_outbound')
        .selectAll()
        .where('workspace_id', '=', k.workspaceId)
        .where('sequence_id', '=', k.sequenceId)
        .where('lead_id', '=', k.leadId)
        .execute(),
    ]);
    return { sent: sent.map((s) => ({ ...s, step: Number(s.step), time: Number(s.time) })), inbound, outbound };
  }

  async addOutbound(row: InboxOutboundTable): Promise<void> {
    await this.db.kysely.insertInto('inbox_outbound').values(row).execute();
  }

  /** Records how a send ended. */
  async settleOutbound(id: string, result: { status: 'sent' | 'failed'; at: number; error?: string }): Promise<void> {
    await this.db.kysely
      .updateTable('inbox_outbound')
      .set({
        status: result.status,
        sent_at: result.status === 'sent' ? result.at : null,
        lease_until: null,
        last_error: result.error ?? '',
      })
      .where('id', '=', id)
      .execute();
  }

  /** Sends interrupted past their lease (a crash) become `failed`: whether they went out is unknown, so none is sent twice. */
  async failInterrupted(now: number): Promise<number> {
    const r = await this.db.kysely
      .updateTable('inbox_outbound')
      .set({
        status: 'failed',
        lease_until: null,
        last_error: 'interrupted while sending; it may or may not have gone out',
      })
      .where('status', '=', 'sending')
      .where('lease_until', '<', now)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /** Scheduled messages now due, each taken by one caller only (moved to `sending` until `leaseUntil`). */
  async claimDue(now: number, limit: number, leaseUntil: number): Promise<InboxOutboundTable[]> {
    const due = await this.db.kysely
      .selectFrom('inbox_outbound')
      .selectAll()
      .where('status', '=', 'scheduled')
      .where('scheduled_at', '<=', now)
      .orderBy('scheduled_at')
      .limit(limit)
      .execute();
    const taken: InboxOutboundTable[] = [];
    for (const row of due) {
      const r = await this.db.kysely
        .updateTable('inbox_outbound')
        .set({ status: 'sending', lease_until: leaseUntil })
        .where('id', '=', row.id)
        .where('status', '=', 'scheduled')
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 1) taken.push({ ...row, status: 'sending', lease_until: leaseUntil });
    }
    return taken;
  }
}
