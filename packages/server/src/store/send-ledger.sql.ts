import type { Kysely } from 'kysely';
import { insertRows } from './bulk-insert.js';
import type { Db } from './database.js';
import type { Database, EnrollmentTable, MessageTable } from './schema.js';
import {
  columnArrays,
  placeholders,
  preparedText,
  rowValues,
  runStatement,
  statementText,
  unnestColumns,
  valueRows,
} from './statement-text.js';

// The ledger's batch statements, one per batch whatever its size: on PostgreSQL each statement is a
// round trip, and on both dialects building them with the query builder per batch cost more than
// running them. On SQLite each text is written once per row count (statementText); on PostgreSQL the
// batch is one parameter, an array or JSON rows, so one prepared text serves every size (preparedText).

type Dialect = Db['dialect'];

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

/** The enrollments asked for with their sequence's and lead's state; on PostgreSQL their rows (only) locked. */
export function readReserving(tx: Kysely<Database>, dialect: Dialect, ids: string[]): Promise<ReservingRow[]> {
  const read = (enrollments: string) =>
    [
      `select ${enrollments}, s.status as sequence_status, l.id as lead_found, l.status as lead_status, l.removed_at,`,
      // The blocklist in the same read: on PostgreSQL one round trip fewer per reservation batch.
      'exists (select 1 from blocklist as b where b.workspace_id = e.workspace_id',
      `and b.value in (e.email_key, ${DOMAIN_OF_EMAIL_KEY[dialect]})) as blocked`,
      'from enrollments as e inner join sequences as s on s.id = e.sequence_id left join leads as l on l.id = e.lead_id',
    ].join(' ');
  if (dialect === 'sqlite') {
    const text = statementText(
      'reserve-read',
      ids.length,
      () => `${read('e.*')} where e.id in (${placeholders(ids.length)}) order by e.id`,
    );
    return runStatement<ReservingRow>(tx, text, ids);
  }
  // Columns by name: a prepared statement's result may not change shape when a migration adds one.
  const text = preparedText(
    'reserve-read',
    () =>
      `${read(ENROLLMENT_COLUMNS.map((c) => `e.${c}`).join(', '))} where e.id = any($1::text[]) order by e.id for update of e`,
  );
  return runStatement<ReservingRow>(tx, text, [ids]);
}

/** A sender's pacing row as the reservation reads it. */
export interface PacingRow {
  sender_id: string;
  next_send_at: number;
  day_start: number | null;
  day_count: number;
}

/**
 * The senders' pacing rows, created if missing and (PostgreSQL) locked until commit, in one statement.
 * `senderIds` come sorted, and rows are taken in that order, so two workers never deadlock.
 */
export function lockPacingRows(tx: Kysely<Database>, dialect: Dialect, senderIds: string[]): Promise<PacingRow[]> {
  const upsert = (rows: string) =>
    `insert into sender_pacing (sender_id, next_send_at, day_start, day_count) ${rows} ` +
    'on conflict (sender_id) do update set sender_id = excluded.sender_id ' +
    'returning sender_id, next_send_at, day_start, day_count';
  if (dialect === 'postgres') {
    const text = preparedText('pacing-lock', () =>
      upsert('select s.id, 0, null, 0 from unnest($1::text[]) with ordinality as s(id, n) order by s.n'),
    );
    return runStatement<PacingRow>(tx, text, [senderIds]);
  }
  const text = statementText('pacing-lock', senderIds.length, () =>
    upsert(`values ${Array.from({ length: senderIds.length }, () => '(?, 0, null, 0)').join(', ')}`),
  );
  return runStatement<PacingRow>(tx, text, senderIds);
}

const PACING_COLUMNS = [
  ['sender_id', 'text'],
  ['next_send_at', 'bigint'],
  ['day_start', 'bigint'],
  ['day_count', 'integer'],
] as const;

/** Writes the senders' new gap and day count, in one statement. */
export async function writePacingRows(tx: Kysely<Database>, dialect: Dialect, rows: PacingRow[]): Promise<void> {
  if (rows.length === 0) return;
  await runWithBatch(
    tx,
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

/** Inserts ledger rows, skipping steps that have one already; answers the ids inserted. */
export async function insertMessages(tx: Kysely<Database>, rows: MessageTable[]): Promise<string[]> {
  const ids = await insertRows(tx, 'messages', MESSAGE_COLUMNS, rows, {
    skipConflictsOn: ['enrollment_id', 'step'],
    returning: 'id',
  });
  return ids as string[];
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
export async function writeSentEnrollments(
  tx: Kysely<Database>,
  dialect: Dialect,
  rows: { id: string; state: SentEnrollment; at: number }[],
): Promise<void> {
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
  await runWithBatch(
    tx,
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
export async function markRowsSent(tx: Kysely<Database>, dialect: Dialect, ids: string[], sentAt: number) {
  await runForIds(
    tx,
    dialect,
    'messages-sent',
    sentAt,
    ids,
    (at, idIn) =>
      `update messages set status = 'sent', sent_at = ${at}, lease_until = null, attempts = attempts + 1 where id ${idIn}`,
  );
}

/** Leads not contacted before are `contacted` from `at`. */
export async function markLeadsContacted(tx: Kysely<Database>, dialect: Dialect, leadIds: string[], at: number) {
  await runForIds(
    tx,
    dialect,
    'leads-contacted',
    at,
    leadIds,
    (time, idIn) =>
      `update leads set status = 'contacted', last_modified = ${time} where id ${idIn} and status = 'not_contacted'`,
  );
}

/**
 * Runs a statement about a time and a list of ids, written by `write(time, idIn)`: `idIn` is
 * `in (?, …)` on SQLite (a text per count) and `= any($2::text[])` on PostgreSQL (one prepared text).
 */
async function runForIds(
  tx: Kysely<Database>,
  dialect: Dialect,
  name: string,
  time: number,
  ids: string[],
  write: (time: string, idIn: string) => string,
): Promise<void> {
  if (dialect === 'postgres') {
    await runStatement(
      tx,
      preparedText(name, () => write('$1', '= any($2::text[])')),
      [time, ids],
    );
    return;
  }
  const text = statementText(name, ids.length, () => write('?', `in (${placeholders(ids.length)})`));
  await runStatement(tx, text, [time, ...ids]);
}

/**
 * Runs a statement joined to a batch of rows, written by `write(batch)`: `batch` is a table `v` with the
 * columns' names, typed arrays (`unnestColumns`) on PostgreSQL, one prepared text; a VALUES list on
 * SQLite, a text per row count.
 */
async function runWithBatch<R>(
  tx: Kysely<Database>,
  dialect: Dialect,
  name: string,
  columns: readonly (readonly [name: keyof R & string, type: string])[],
  rows: readonly R[],
  write: (batch: string) => string,
): Promise<void> {
  if (dialect === 'postgres') {
    await runStatement(
      tx,
      preparedText(name, () => write(unnestColumns(columns))),
      columnArrays(rows, columns),
    );
    return;
  }
  const named = columns.map(([column], i) => `column${i + 1} as ${column}`).join(', ');
  const text = statementText(name, rows.length, () =>
    write(`(select ${named} from (values ${valueRows(rows.length, columns.length)})) as v`),
  );
  await runStatement(tx, text, rowValues(rows, columns));
}
