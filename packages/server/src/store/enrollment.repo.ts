import type { Db } from './database.js';
import { emailKey } from '../domain/email-address.js';
import { newId } from './ids.js';
import type { ExpressionBuilder, QueryCreator } from 'kysely';
import type { Database, EnrollmentTable, LeadTable } from './schema.js';

/** An enrollment as the engine reads it. */
export type EnrollmentRecord = EnrollmentTable;

/** A lead of a sequence as `GET /sequences/:id/leads` lists it. */
export interface SequenceLeadRow {
  enrollment: EnrollmentRecord;
  email: string;
  standard: Record<string, string>;
  custom: Record<string, string>;
  leadStatus: string;
}

/** Why an enrollment waits for a sender: set by the engine, cleared by `wakeForSender`. */
export const NO_SENDER = 'no active sender';
export const SENDER_REFUSED = 'the sender’s login was refused';

// Leads enrolled per query: keeps each insert within both dialects' parameter limits.
const ENROLL_BATCH = 500;

/** Reads and writes enrollments: a lead's way through a sequence. */
export class EnrollmentRepo {
  constructor(private readonly db: Db) {}

  /**
   * Enrolls the leads of the sequence's lists that are not enrolled yet (one per address),
   * due at `dueAt` on step `firstStep`; answers how many were enrolled.
   */
  async enrollNew(seq: { id: string; workspaceId: string }, firstStep: number, dueAt: number, now: number) {
    // An archived list is paused: its leads wait until it is back.
    const lists = await this.db.kysely
      .selectFrom('sequence_lists as sl')
      .innerJoin('lists as li', 'li.id', 'sl.list_id')
      .where('sl.sequence_id', '=', seq.id)
      .where('li.archived', '=', 0)
      .select('sl.list_id')
      .orderBy('sl.list_id')
      .execute();
    let total = 0;
    for (const { list_id } of lists) total += await this.enrollFromList(seq, list_id, firstStep, dueAt, now);
    return total;
  }

  /**
   * `enrollNew` for one list. Its live leads are walked in id order along the `leads_list_live` index,
   * each batch going on after the last lead of the one before, so every lead is looked at once and a
   * batch stops at ENROLL_BATCH. (One query over all the sequence's lists, sorted by id, had the
   * database join every remaining lead before it could sort and stop: 10,000 new leads took 3.7 s of
   * PostgreSQL's time.) Leads added meanwhile are found by the next pass.
   */
  private async enrollFromList(
    seq: { id: string; workspaceId: string },
    listId: string,
    firstStep: number,
    dueAt: number,
    now: number,
  ): Promise<number> {
    let total = 0;
    let after: string | undefined;
    for (;;) {
      const candidates = await this.db.kysely
        .selectFrom('leads as l')
        .where('l.list_id', '=', listId)
        .where((eb) => enrollable(eb, seq.id))
        .$if(after !== undefined, (q) => q.where('l.id', '>', after!))
        .select(['l.id', 'l.email_key'])
        .orderBy('l.id')
        .limit(ENROLL_BATCH)
        .execute();
      if (candidates.length === 0) return total;
      after = candidates[candidates.length - 1]!.id;
      const seen = new Set<string>();
      const rows: EnrollmentTable[] = [];
      for (const c of candidates) {
        if (seen.has(c.email_key)) continue;
        seen.add(c.email_key);
        rows.push({
          id: newId(now),
          workspace_id: seq.workspaceId,
          sequence_id: seq.id,
          lead_id: c.id,
          email_key: c.email_key,
          sender_id: null,
          status: 'active',
          reason: '',
          step: firstStep,
          due_at: dueAt,
          thread_message_id: '',
          thread_subject: '',
          created_at: now,
          updated_at: now,
        });
      }
      // An address in two lists of the sequence is enrolled once: the second is skipped here. Rows go in
      // address order, so two PostgreSQL workers enrolling the same addresses lock them in one order.
      rows.sort((a, b) => (a.email_key < b.email_key ? -1 : a.email_key > b.email_key ? 1 : 0));
      const result = await this.db.kysely
        .insertInto('enrollments')
        .values(rows)
        .onConflict((oc) => oc.columns(['sequence_id', 'email_key']).doNothing())
        .executeTakeFirst();
      total += Number(result.numInsertedOrUpdatedRows ?? 0);
      if (candidates.length < ENROLL_BATCH) return total;
    }
  }

  /** Live, unarchived leads of the sequence's unarchived lists whose address is not enrolled yet. */
  private unenrolled(sequenceId: string) {
    return (
      this.db.kysely
        .selectFrom('leads as l')
        .innerJoin('sequence_lists as sl', 'sl.list_id', 'l.list_id')
        .innerJoin('lists as li', 'li.id', 'l.list_id')
        .where('sl.sequence_id', '=', sequenceId)
        // An archived list is paused: its leads wait until it is back.
        .where('li.archived', '=', 0)
        .where((eb) => enrollable(eb, sequenceId))
    );
  }

  /**
   * For each sequence, a text that changes whenever a lead of its lists may have become enrollable:
   * its unarchived lists with their `leads_version` (migration 0017). The same text means the same
   * leads to look at, so the engine skips walking them again.
   */
  async listVersions(sequenceIds: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (sequenceIds.length === 0) return out;
    const rows = await this.db.kysely
      .selectFrom('sequence_lists as sl')
      .innerJoin('lists as li', 'li.id', 'sl.list_id')
      .where('sl.sequence_id', 'in', sequenceIds)
      .where('li.archived', '=', 0)
      .select(['sl.sequence_id', 'sl.list_id', 'li.leads_version'])
      .orderBy('sl.sequence_id')
      .orderBy('sl.list_id')
      .execute();
    for (const r of rows) {
      const before = out.get(r.sequence_id);
      const part = `${r.list_id}@${Number(r.leads_version)}`;
      out.set(r.sequence_id, before === undefined ? part : `${before} ${part}`);
    }
    return out;
  }

  /** How many addresses of the sequence's lists the next pass will enroll. */
  async countUnenrolled(sequenceId: string): Promise<number> {
    const row = await this.unenrolled(sequenceId)
      .select((eb) => eb.fn.count<number>('l.email_key').distinct().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /**
   * Takes up to `limit` due enrollments of running sequences and moves their due time `leaseMs`
   * ahead, so no other worker takes them meanwhile; a worker that dies simply lets them fall due again.
   * PostgreSQL skips rows another worker has locked, so N workers share the work.
   */
  async claimDue(now: number, limit: number, leaseMs: number): Promise<EnrollmentRecord[]> {
    const due = (db: QueryCreator<Database>) =>
      db
        .selectFrom('enrollments as e')
        .where('e.status', '=', 'active')
        .where('e.due_at', '<=', now)
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('sequences as s')
              .select('s.id')
              .whereRef('s.id', '=', 'e.sequence_id')
              .where('s.status', 'in', ['running', 'needs-attention']),
          ),
        )
        .orderBy('e.due_at')
        .limit(limit);
    if (this.db.dialect === 'postgres') {
      // One statement: the due rows are picked and locked (skipping other workers' locks) and moved a
      // lease ahead together, one round trip instead of four, and no second pass over them. Answered in
      // due order with the due time they had, as the two-statement claim answers them.
      const rows = await this.db.kysely
        .with('picked', (db) => due(db).select(['e.id', 'e.due_at']).forUpdate().skipLocked())
        .updateTable('enrollments')
        .set({ due_at: now + leaseMs })
        .from('picked')
        .whereRef('enrollments.id', '=', 'picked.id')
        .returningAll('enrollments')
        .returning('picked.due_at as due_before')
        .execute();
      return rows
        .map(({ due_before, ...e }) => ({ ...e, due_at: due_before }))
        .sort((a, b) => Number(a.due_at) - Number(b.due_at));
    }
    return this.db.kysely.transaction().execute(async (tx) => {
      const rows = await due(tx).selectAll('e').execute();
      if (rows.length === 0) return [];
      await tx
        .updateTable('enrollments')
        .set({ due_at: now + leaseMs })
        .where(
          'id',
          'in',
          rows.map((r) => r.id),
        )
        .execute();
      return rows;
    });
  }

  /** One enrollment. */
  async get(id: string): Promise<EnrollmentRecord | undefined> {
    return this.db.kysely.selectFrom('enrollments').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Changes an enrollment. */
  async update(id: string, change: Partial<Omit<EnrollmentTable, 'id'>>, now: number): Promise<void> {
    await this.db.kysely
      .updateTable('enrollments')
      .set({ ...change, updated_at: now })
      .where('id', '=', id)
      .execute();
  }

  /**
   * Enrollments held back only because a sender could not send (paused, login refused) fall due at once
   * when it can again, instead of waiting out the recheck interval. Those waiting for a step's delay stay.
   */
  async wakeForSender(senderId: string, now: number): Promise<number> {
    const result = await this.db.kysely
      .updateTable('enrollments')
      .set({ due_at: now, reason: '', updated_at: now })
      .where('status', '=', 'active')
      .where('reason', 'in', [NO_SENDER, SENDER_REFUSED])
      .where('due_at', '>', now)
      .where((eb) =>
        eb.or([
          eb('sender_id', '=', senderId),
          eb.and([
            eb('sender_id', 'is', null),
            eb(
              'sequence_id',
              'in',
              eb.selectFrom('sequence_senders').select('sequence_id').where('sender_id', '=', senderId),
            ),
          ]),
        ]),
      )
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** Stops every enrollment of a sequence that has steps left (archive, stop). */
  async stopPending(sequenceId: string, reason: string, now: number): Promise<void> {
    await this.db.kysely
      .updateTable('enrollments')
      .set({ status: 'stopped', reason, due_at: null, updated_at: now })
      .where('sequence_id', '=', sequenceId)
      .where('status', 'in', ['active', 'held'])
      .execute();
  }

  /** Records a lead as stopped in a sequence before it was enrolled, so the engine never enrolls its address there. */
  async addStopped(
    seq: { id: string; workspaceId: string },
    lead: { id: string; email: string },
    reason: string,
    now: number,
  ): Promise<void> {
    await this.db.kysely
      .insertInto('enrollments')
      .values({
        id: newId(now),
        workspace_id: seq.workspaceId,
        sequence_id: seq.id,
        lead_id: lead.id,
        email_key: emailKey(lead.email),
        sender_id: null,
        status: 'stopped',
        reason,
        step: 0,
        due_at: null,
        thread_message_id: '',
        thread_subject: '',
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.columns(['sequence_id', 'email_key']).doNothing())
      .execute();
  }

  /** Stops every pending enrollment of a lead (removed from its list, unsubscribed, …). */
  async stopForLeads(leadIds: string[], reason: string, now: number): Promise<void> {
    if (leadIds.length === 0) return;
    await this.db.kysely
      .updateTable('enrollments')
      .set({ status: 'stopped', reason, due_at: null, updated_at: now })
      .where('lead_id', 'in', leadIds)
      .where('status', 'in', ['active', 'held'])
      .execute();
  }

  /** How many enrollments of a sequence are in each status. */
  async countByStatus(sequenceId: string): Promise<Record<string, number>> {
    const rows = await this.db.kysely
      .selectFrom('enrollments')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('sequence_id', '=', sequenceId)
      .groupBy('status')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }

  /** The sequence's leads with where each stands, oldest enrollment first. */
  async leadsOf(sequenceId: string, offset: number, limit: number): Promise<SequenceLeadRow[]> {
    const rows = await this.db.kysely
      .selectFrom('enrollments as e')
      .innerJoin('leads as l', 'l.id', 'e.lead_id')
      .selectAll('e')
      .select([
        'l.email as lead_email',
        'l.standard as lead_standard',
        'l.custom as lead_custom',
        'l.status as lead_status',
      ])
      .where('e.sequence_id', '=', sequenceId)
      .orderBy('e.id')
      .limit(limit)
      .offset(offset)
      .execute();
    return rows.map(({ lead_email, lead_standard, lead_custom, lead_status, ...e }) => ({
      enrollment: e,
      email: lead_email,
      standard: JSON.parse(lead_standard) as Record<string, string>,
      custom: JSON.parse(lead_custom) as Record<string, string>,
      leadStatus: lead_status,
    }));
  }

  /** The enrollment of a lead in a sequence. */
  async findByLead(sequenceId: string, leadId: string): Promise<EnrollmentRecord | undefined> {
    return this.db.kysely
      .selectFrom('enrollments')
      .selectAll()
      .where('sequence_id', '=', sequenceId)
      .where('lead_id', '=', leadId)
      .executeTakeFirst();
  }

  /** A sequence's pending enrollments, counted by status and reason, due by `now` and before `until`; and the earliest due time. */
  async pendingSummary(
    sequenceId: string,
    now: number,
    until: number,
  ): Promise<{
    rows: { status: string; reason: string; dueNow: number; dueBy: number; total: number }[];
    earliest?: number;
  }> {
    const rows = await this.db.kysely
      .selectFrom('enrollments')
      .select(({ fn, eb }) => [
        'status',
        'reason',
        fn.countAll<number>().as('total'),
        fn.sum<number>(eb.case().when('due_at', '<=', now).then(1).else(0).end()).as('due_now'),
        fn.sum<number>(eb.case().when('due_at', '<', until).then(1).else(0).end()).as('due_by'),
        fn.min<number>('due_at').as('earliest'),
      ])
      .where('sequence_id', '=', sequenceId)
      .where('status', 'in', ['active', 'held'])
      .groupBy(['status', 'reason'])
      .execute();
    const earliest = rows
      .filter((r) => r.status === 'active' && r.earliest !== null)
      .reduce<number | undefined>(
        (m, r) => (m === undefined ? Number(r.earliest) : Math.min(m, Number(r.earliest))),
        undefined,
      );
    return {
      rows: rows.map((r) => ({
        status: r.status,
        reason: r.reason,
        total: Number(r.total),
        dueNow: Number(r.due_now ?? 0),
        dueBy: Number(r.due_by ?? 0),
      })),
      ...(earliest !== undefined ? { earliest } : {}),
    };
  }
}

/** A lead (`l`) the sequence may enroll: live, not archived (archived leads never are), address not enrolled. */
function enrollable(eb: ExpressionBuilder<Database & { l: LeadTable }, 'l'>, sequenceId: string) {
  return eb.and([
    eb('l.removed_at', 'is', null),
    eb('l.archived', '=', 0),
    eb.not(
      eb.exists(
        eb
          .selectFrom('enrollments as e')
          .select('e.id')
          .whereRef('e.email_key', '=', 'l.email_key')
          .where('e.sequence_id', '=', sequenceId),
      ),
    ),
  ]);
}
