import { sql, type Kysely, type Transaction } from 'kysely';
import { emailKey } from '../domain/email-address.js';
import { insertStatements } from './bulk-insert.js';
import type { Db } from './database.js';
import { newId } from './ids.js';
import { activityScope } from './recipient-filter.js';
import type { ActivityTable, Database } from './schema.js';
import { batchStatement, dialectOf, runTogether, type Dialect, type Statement } from './statement-text.js';

/** The kinds of activity a feed can list. */
export type ActivityKind = ActivityTable['kind'];

/** Which activity rows a feed wants. */
export interface ActivityFilter {
  workspaceId: string;
  /** one kind, or several (the replies feed lists replies and bounces) */
  kind: ActivityKind | ActivityKind[];
  sequenceId?: string;
  recipientKey?: string;
  from?: number;
  to?: number;
  humanOnly?: boolean;
  /** the sender's address, case-insensitive (reports) */
  senderEmail?: string;
  /** the email number of the step (reports' `node`) */
  step?: number;
  templateName?: string;
  /** only the records of sequences this user owns (reports' `owned_by`) */
  ownedBy?: string;
  /** oldest first; latest first otherwise */
  ascending?: boolean;
}

/** One activity row with its sequence's current name. */
export interface ActivityRow {
  id: string;
  kind: ActivityKind;
  time: number;
  sequenceId: string;
  sequenceName: string;
  recipientEmail: string;
  subject: string;
  step: number;
  templateName: string;
  senderEmail: string;
  messageId: string;
  machine: boolean;
  machineReason: string;
  url: string;
  snippet: string;
  autoReply: boolean;
  replyMessageId: string;
  /** 'hard' or 'soft' for a bounce, '' otherwise */
  bounce: string;
}

/** An activity row to insert; ids and defaults are filled in. */
export type NewActivity = Partial<Omit<ActivityTable, 'id' | 'workspace_id' | 'kind' | 'time'>> &
  Pick<ActivityTable, 'workspace_id' | 'kind' | 'time' | 'sequence_id' | 'recipient_email'>;

// Rows a stream reads per query: big enough to amortise the query, small enough to keep memory flat.
const STREAM_BATCH = 1000;

/** Reads and writes the activity log behind the feeds. */
export class ActivityRepo {
  constructor(private readonly db: Db) {}

  /** Records activity and moves the sequences' counters (humans only for opens and clicks) in one transaction. */
  async insert(rows: NewActivity[]): Promise<string[]> {
    return this.db.kysely.transaction().execute((tx) => insertActivity(tx, rows));
  }

  private filtered(f: ActivityFilter) {
    const kinds = Array.isArray(f.kind) ? f.kind : [f.kind];
    const keys = f.recipientKey === undefined ? undefined : [f.recipientKey];
    let q = this.db.kysely
      .selectFrom('activity as a')
      .leftJoin('sequences as s', 's.id', 'a.sequence_id')
      .where(activityScope(this.db.dialect, { workspaceId: f.workspaceId, kinds, keys }));
    if (f.sequenceId !== undefined) q = q.where('a.sequence_id', '=', f.sequenceId);
    if (f.from !== undefined) q = q.where('a.time', '>=', f.from);
    if (f.to !== undefined) q = q.where('a.time', '<=', f.to);
    if (f.humanOnly) q = q.where('a.machine', '=', 0);
    if (f.senderEmail !== undefined) q = q.where(sql`lower(a.sender_email)`, '=', f.senderEmail.toLowerCase());
    if (f.step !== undefined) q = q.where('a.step', '=', f.step);
    if (f.templateName !== undefined) q = q.where('a.template_name', '=', f.templateName);
    if (f.ownedBy !== undefined) q = q.where('s.owned_by', '=', f.ownedBy);
    return q;
  }

  private query(f: ActivityFilter) {
    const order = f.ascending ? 'asc' : 'desc';
    return this.filtered(f)
      .select([
        'a.id as id',
        'a.kind as kind',
        'a.time as time',
        'a.sequence_id as sequenceId',
        's.name as sequenceName',
        'a.recipient_email as recipientEmail',
        'a.subject as subject',
        'a.step as step',
        'a.template_name as templateName',
        'a.sender_email as senderEmail',
        'a.message_id as messageId',
        'a.machine as machine',
        'a.machine_reason as machineReason',
        'a.url as url',
        'a.snippet as snippet',
        'a.auto_reply as autoReply',
        'a.reply_message_id as replyMessageId',
        'a.bounce as bounce',
      ])
      .orderBy('a.time', order)
      .orderBy('a.id', order);
  }

  /** How many rows a feed or report has. */
  async count(f: ActivityFilter): Promise<number> {
    const row = await this.filtered(f)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** One page of a feed, newest first. */
  async page(f: ActivityFilter, offset: number, limit: number): Promise<ActivityRow[]> {
    const rows = await this.query(f).limit(limit).offset(offset).execute();
    return rows.map(toRow);
  }

  /** Every row of a feed, newest (or oldest) first, read in batches by keyset so memory stays flat. */
  async *stream(f: ActivityFilter): AsyncGenerator<ActivityRow[]> {
    let after: { time: number; id: string } | undefined;
    for (;;) {
      let q = this.query(f).limit(STREAM_BATCH);
      if (after)
        q = q.where(sql<boolean>`(a.time, a.id) ${sql.raw(f.ascending ? '>' : '<')} (${after.time}, ${after.id})`);
      const rows = (await q.execute()).map(toRow);
      if (rows.length > 0) yield rows;
      if (rows.length < STREAM_BATCH) return;
      const last = rows[rows.length - 1]!;
      after = { time: last.time, id: last.id };
    }
  }
}

type SelectedRow = Omit<ActivityRow, 'machine' | 'autoReply' | 'sequenceName'> & {
  machine: number;
  autoReply: number;
  sequenceName: string | null;
};

function toRow(r: SelectedRow): ActivityRow {
  return {
    ...r,
    time: Number(r.time),
    step: Number(r.step),
    sequenceName: r.sequenceName ?? '',
    machine: r.machine === 1,
    autoReply: r.autoReply === 1,
  };
}

const ACTIVITY_COLUMNS = [
  'id',
  'workspace_id',
  'kind',
  'time',
  'sequence_id',
  'lead_id',
  'recipient_email',
  'recipient_key',
  'subject',
  'step',
  'template_name',
  'sender_email',
  'message_id',
  'machine',
  'machine_reason',
  'url',
  'snippet',
  'auto_reply',
  'reply_message_id',
  'bounce',
] as const satisfies readonly (keyof ActivityTable)[];
// Fails to compile when a column of the table is missing from the list above.
const everyColumn: Exclude<keyof ActivityTable, (typeof ACTIVITY_COLUMNS)[number]> extends never ? true : never = true;
void everyColumn;

// An open's or click's row leaves the reply and bounce columns at their defaults: a batch of only those
// writes four values fewer a row (the busiest insert there is, docs/benchmarks.md). The values compared
// below are the columns' defaults (migrations 0001 and 0008), so a row that holds anything else in them
// sends its batch through every column.
const REPLY_COLUMNS = [
  'snippet',
  'auto_reply',
  'reply_message_id',
  'bounce',
] as const satisfies readonly (typeof ACTIVITY_COLUMNS)[number][];
const ENGAGEMENT_COLUMNS = ACTIVITY_COLUMNS.filter((c) => !(REPLY_COLUMNS as readonly string[]).includes(c));
const isEngagement = (r: ActivityTable) =>
  (r.kind === 'open' || r.kind === 'click') &&
  r.snippet === '' &&
  r.auto_reply === 0 &&
  r.reply_message_id === '' &&
  r.bounce === '';

/** Inserts activity rows and moves the counters inside the caller's transaction (one round trip on PostgreSQL). */
export async function insertActivity(tx: Transaction<Database>, rows: NewActivity[]): Promise<string[]> {
  const { ids, statements } = activityStatements(tx, rows);
  await runTogether(tx, statements);
  return ids;
}

/**
 * The statements that insert activity rows and move their sequences' counters, for a caller that runs
 * them with others (`runAtomically`); answers the new rows' ids too.
 */
export function activityStatements(
  db: Kysely<Database>,
  rows: NewActivity[],
): { ids: string[]; statements: Statement[] } {
  // Every row built with the same fields in the same order (no spread): one shape for the engine, so
  // the insert's reads of them stay fast on batches of thousands of opens.
  const full: ActivityTable[] = rows.map((r) => ({
    id: newId(r.time),
    workspace_id: r.workspace_id,
    kind: r.kind,
    time: r.time,
    sequence_id: r.sequence_id,
    lead_id: r.lead_id ?? null,
    recipient_email: r.recipient_email,
    recipient_key: r.recipient_key ?? emailKey(r.recipient_email),
    subject: r.subject ?? '',
    step: r.step ?? 0,
    template_name: r.template_name ?? '',
    sender_email: r.sender_email ?? '',
    message_id: r.message_id ?? '',
    machine: r.machine ?? 0,
    machine_reason: r.machine_reason ?? '',
    url: r.url ?? '',
    snippet: r.snippet ?? '',
    auto_reply: r.auto_reply ?? 0,
    reply_message_id: r.reply_message_id ?? '',
    bounce: r.bounce ?? '',
  }));
  if (full.length === 0) return { ids: [], statements: [] };
  return {
    ids: full.map((r) => r.id),
    statements: [
      ...insertStatements(db, 'activity', full.every(isEngagement) ? ENGAGEMENT_COLUMNS : ACTIVITY_COLUMNS, full),
      counterBumps(dialectOf(db), full),
    ],
  };
}

const BUMP_COLUMNS = [
  ['id', 'text'],
  ['sent', 'integer'],
  ['open', 'integer'],
  ['click', 'integer'],
  ['reply', 'integer'],
] as const;

/** The sequences' counters moved by new activity rows, in one statement: only people's opens, clicks and replies count. */
function counterBumps(dialect: Dialect, rows: ActivityTable[]): Statement {
  const bumps = new Map<string, { id: string; sent: number; open: number; click: number; reply: number }>();
  for (const r of rows) {
    const b = bumps.get(r.sequence_id) ?? { id: r.sequence_id, sent: 0, open: 0, click: 0, reply: 0 };
    if (r.kind === 'sent') b.sent += 1;
    else if (r.kind === 'open' && r.machine === 0) b.open += 1;
    else if (r.kind === 'click' && r.machine === 0) b.click += 1;
    else if (r.kind === 'reply' && r.auto_reply === 0) b.reply += 1;
    bumps.set(r.sequence_id, b);
  }
  return batchStatement(
    dialect,
    'sequence-counters',
    BUMP_COLUMNS,
    [...bumps.values()],
    (v) =>
      'update sequences set sent_count = sent_count + v.sent, open_count = open_count + v.open, ' +
      'click_count = click_count + v.click, reply_count = reply_count + v.reply from ' +
      `${v} where sequences.id = v.id`,
  );
}

/**
 * Turns a `reply` row into an auto-reply or back (a person's correction), moving its sequence's reply
 * counter with it: only replies that are not auto-replies count.
 */
export async function setAutoReply(tx: Transaction<Database>, id: string, autoReply: boolean): Promise<void> {
  const row = await tx
    .updateTable('activity')
    .set({ auto_reply: autoReply ? 1 : 0 })
    .where('id', '=', id)
    .where('kind', '=', 'reply')
    .where('auto_reply', '=', autoReply ? 0 : 1)
    .returning('sequence_id')
    .executeTakeFirst();
  if (!row) return;
  await tx
    .updateTable('sequences')
    .set({ reply_count: sql`reply_count + ${autoReply ? -1 : 1}` })
    .where('id', '=', row.sequence_id)
    .execute();
}

/** Deletes a `reply` or `bounce` row (a person's correction), taking a counted reply off its sequence's counter. */
export async function deleteInboundActivity(tx: Transaction<Database>, id: string): Promise<void> {
  const row = await tx
    .deleteFrom('activity')
    .where('id', '=', id)
    .where('kind', 'in', ['reply', 'bounce'])
    .returning(['sequence_id', 'kind', 'auto_reply'])
    .executeTakeFirst();
  if (!row || row.kind !== 'reply' || row.auto_reply === 1) return;
  await tx
    .updateTable('sequences')
    .set({ reply_count: sql`reply_count - 1` })
    .where('id', '=', row.sequence_id)
    .execute();
}
