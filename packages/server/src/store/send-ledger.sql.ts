import type { Kysely } from 'kysely';
import { insertStatements } from './bulk-insert.js';
import type { Database, EnrollmentTable, MessageTable } from './schema.js';
import {
  batchStatement,
  idsStatement,
  placeholders,
  preparedText,
  runStatement,
  runTogether,
  statementText,
  type Dialect,
  type Statement,
} from './statement-text.js';

// The ledger's batch statements, one per batch whatever its size: on PostgreSQL each statement is a
// round trip, and on both dialects building them with the query builder per batch cost more than
// running them. On SQLite each text is written once per row count (statementText); on PostgreSQL the
// batch is one parameter, an array or JSON rows, so one prepared text serves every size (preparedText).
// The writes after a send are built as `Statement`s, which `runAtomically` sends as one on PostgreSQL.

/** An enrollment with what the reserving transaction's stop rules read. */
export type ReservingRow = EnrollmentTable & {
  sequence_status: string;
  lead_found: string | null;
  lead_status: string | null;
  removed_at: number | null;
  /** the address, or its domain, is on the workspace's blocklist (0/1 on SQLite) */
  blocked: number | boolean;
};

// The part of an address after its last '@' (blocklist.repo.ts `domainOfAddress`), in each dialect's SQL:
// SQLite has no regular expressions, so rtrim takes off everything after the last '@' to find it.
const DOMAIN_OF_EMAIL_KEY: Record<Dialect, string> = {
  sqlite: "substr(e.email_key, length(rtrim(e.email_key, replace(e.email_key, '@', ''))) + 1)",
  postgres: "substring(e.email_key from '[^@]*$')",
};

/** A sender's pacing row as the reservation reads it. */
export interface PacingRow {
  sender_id: string;
  next_send_at: number;
  day_start: number | null;
  day_count: number;
}

/**
 * What a reservation reads: the enrollments asked for, with their sequence's and lead's state, and their
 * senders' pacing rows, created if missing. On PostgreSQL the enrollment rows and the pacing rows are
 * locked until commit, in one statement (one round trip): the pacing rows in the order of `senderIds`,
 * which come sorted, so two workers never deadlock; the enrollments are each worker's own (claimed).
 */
export async function readReserving(
  tx: Kysely<Database>,
  dialect: Dialect,
  ids: string[],
  senderIds: string[],
): Promise<{ rows: ReservingRow[]; pacing: PacingRow[] }> {
  const read = (enrollments: string) =>
    [
      `select ${enrollments}, s.status as sequence_status, l.id as lead_found, l.status as lead_status, l.removed_at,`,
      // The blocklist in the same read: on PostgreSQL one round trip fewer per reservation batch.
      'exists (select 1 from blocklist as b where b.workspace_id = e.workspace_id',
      `and b.value in (e.email_key, ${DOMAIN_OF_EMAIL_KEY[dialect]})) as blocked`,
      'from enrollments as e inner join sequences as s on s.id = e.sequence_id left join leads as l on l.id = e.lead_id',
    ].join(' ');
  const upsert = (rows: string) =>
    `insert into sender_pacing (sender_id, next_send_at, day_start, day_count) ${rows} ` +
    'on conflict (sender_id) do update set sender_id = excluded.sender_id ' +
    'returning sender_id, next_send_at, day_start, day_count';
  if (dialect === 'sqlite') {
    const readText = statementText(
      'reserve-read',
      ids.length,
      () => `${read('e.*')} where e.id in (${placeholders(ids.length)}) order by e.id`,
    );
    const rows = await runStatement<ReservingRow>(tx, readText, ids);
    const lockText = statementText('pacing-lock', senderIds.length, () =>
      upsert(`values ${Array.from({ length: senderIds.length }, () => '(?, 0, null, 0)').join(', ')}`),
    );
    return { rows, pacing: await runStatement<PacingRow>(tx, lockText, senderIds) };
  }
  // Columns by name: a prepared statement's result may not change shape when a migration adds one. The
  // pacing rows come as JSON in a column of every row (a few senders; one shape of result).
  const text = preparedText('reserve-read', () =>
    [
      `with pacing as (${upsert('select s.id, 0, null, 0 from unnest($2::text[]) with ordinality as s(id, n) order by s.n')})`,
      read(`(select json_agg(pacing) from pacing) as pacing, ${ENROLLMENT_COLUMNS.map((c) => `e.${c}`).join(', ')}`),
      'where e.id = any($1::text[]) order by e.id for update of e',
    ].join(' '),
  );
  const rows = await runStatement<ReservingRow & { pacing: PacingRow[] | null }>(tx, text, [ids, senderIds]);
  return { rows, pacing: rows[0]?.pacing ?? [] };
}

const PACING_COLUMNS = [
  ['sender_id', 'text'],
  ['next_send_at', 'bigint'],
  ['day_start', 'bigint'],
  ['day_count', 'integer'],
] as const;

/** Writes the senders' new gap and day count, in one statement. */
export function pacingWrite(dialect: Dialect, rows: PacingRow[]): Statement {
  return batchStatement(
    dialect,
    'pacing-write',
    PACING_COLUMNS,
    rows,
    (batch) =>
      'update sender_pacing set next_send_at = v.next_send_at, day_start = v.day_start, day_count = v.day_count ' +
      `from ${batch} where sender_pacing.sender_id = v.sender_id`,
  );
}

const MESSAGE_COLUMNS = [
  'id',
  'workspace_id',
  'enrollment_id',
  'sequence_id',
  'lead_id',
  'step',
  'sender_id',
  'status',
  'message_id',
  'to_email',
  'subject',
  'variant',
  'attempts',
  'last_error',
  'lease_until',
  'reserved_at',
  'sent_at',
  'track_key',
  'links',
] as const satisfies readonly (keyof MessageTable)[];

const ENROLLMENT_COLUMNS = [
  'id',
  'workspace_id',
  'sequence_id',
  'lead_id',
  'email_key',
  'sender_id',
  'status',
  'reason',
  'step',
  'due_at',
  'thread_message_id',
  'thread_subject',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof EnrollmentTable)[];

// Fails to compile when a column of the table is missing from its list above.
type Covers<T, L extends readonly (keyof T)[]> = Exclude<keyof T, L[number]> extends never ? true : never;
const everyColumn: [Covers<MessageTable, typeof MESSAGE_COLUMNS>, Covers<EnrollmentTable, typeof ENROLLMENT_COLUMNS>] =
  [true, true];
void everyColumn;

/**
 * Inserts ledger rows, skipping steps that have one already, and writes the senders' pacing rows; answers
 * the ids inserted. On PostgreSQL one statement, one round trip fewer while the pacing rows are locked.
 */
export async function insertMessages(
  tx: Kysely<Database>,
  dialect: Dialect,
  rows: MessageTable[],
  pacing: PacingRow[],
): Promise<string[]> {
  const inserts = insertStatements(tx, 'messages', MESSAGE_COLUMNS, rows, {
    skipConflictsOn: ['enrollment_id', 'step'],
    returning: 'id',
  });
  const statements = pacing.length > 0 ? [pacingWrite(dialect, pacing), ...inserts] : inserts;
  if (dialect === 'postgres' && inserts.length <= 1) {
    return (await runTogether<{ id: string }>(tx, statements)).map((r) => r.id);
  }
  const ids: string[] = [];
  // The pacing write answers no rows; the inserts answer their ids.
  for (const s of statements) ids.push(...(await runStatement<{ id: string }>(tx, s.text, s.params)).map((r) => r.id));
  return ids;
}

/** An enrollment's state after an accepted send; the optional parts stay as they were when absent. */
export interface SentEnrollment {
  sender_id: string;
  step: number;
  status: EnrollmentTable['status'];
  due_at: number | null;
  reason?: string;
  thread_message_id?: string;
  thread_subject?: string;
}

const SENT_ENROLLMENT_COLUMNS = [
  ['id', 'text'],
  ['sender_id', 'text'],
  ['step', 'integer'],
  ['status', 'text'],
  ['reason', 'text'],
  ['due_at', 'bigint'],
  ['thread_message_id', 'text'],
  ['thread_subject', 'text'],
  ['updated_at', 'bigint'],
] as const;

/** Moves each enrollment to its state after the send, in one statement. */
export function sentEnrollments(
  dialect: Dialect,
  rows: { id: string; state: SentEnrollment; at: number }[],
): Statement {
  const batch = rows.map(({ id, state: s, at }) => ({
    id,
    sender_id: s.sender_id,
    step: s.step,
    status: s.status,
    reason: s.reason ?? null,
    due_at: s.due_at,
    thread_message_id: s.thread_message_id ?? null,
    thread_subject: s.thread_subject ?? null,
    updated_at: at,
  }));
  return batchStatement(
    dialect,
    'sent-enrollments',
    SENT_ENROLLMENT_COLUMNS,
    batch,
    (v) =>
      'update enrollments set sender_id = v.sender_id, step = v.step, status = v.status, ' +
      'reason = coalesce(v.reason, enrollments.reason), due_at = v.due_at, ' +
      'thread_message_id = coalesce(v.thread_message_id, enrollments.thread_message_id), ' +
      'thread_subject = coalesce(v.thread_subject, enrollments.thread_subject), updated_at = v.updated_at ' +
      `from ${v} where enrollments.id = v.id`,
  );
}

/** Marks ledger rows sent at `sentAt`, counting the attempt. */
export function rowsSent(dialect: Dialect, ids: string[], sentAt: number): Statement {
  return idsStatement(
    dialect,
    'messages-sent',
    sentAt,
    ids,
    (at, idIn) =>
      `update messages set status = 'sent', sent_at = ${at}, lease_until = null, attempts = attempts + 1 where id ${idIn}`,
  );
}

/** Leads not contacted before are `contacted` from `at`. */
export function leadsContacted(dialect: Dialect, leadIds: string[], at: number): Statement {
  return idsStatement(
    dialect,
    'leads-contacted',
    at,
    leadIds,
    (time, idIn) =>
      `update leads set status = 'contacted', last_modified = ${time} where id ${idIn} and status = 'not_contacted'`,
  );
}
