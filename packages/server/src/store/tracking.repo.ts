import { sql } from 'kysely';
import { emailKey } from '../domain/email-address.js';
import { activityStatements, type NewActivity } from './activity.repo.js';
import type { Db } from './database.js';
import { idsStatement, preparedText, runAtomically, type Dialect, type Statement } from './statement-text.js';

/** What an open, click or unsubscribe needs to know of the message its token names. */
export interface TrackedMessage {
  trackKey: string;
  workspaceId: string;
  sequenceId: string;
  leadId: string;
  enrollmentId: string;
  step: number;
  toEmail: string;
  /** `toEmail` lower-cased (`emailKey`), as its events' rows index it: worked out once per message */
  toKey: string;
  subject: string;
  messageId: string;
  senderId: string;
  sentAt: number | null;
  links: string[];
  /** what the message's `sent` record says: its email number, template and sender address */
  emailNumber: number;
  templateName: string;
  senderEmail: string;
}

/** An open or click to record, and whether a person made it. */
export interface EngagementEvent {
  activity: NewActivity & { kind: 'open' | 'click' };
  leadId: string;
  human: boolean;
}

// Lead statuses an engagement may move up from; a reply, bounce or unsubscribe is never undone by an open.
const OPENED_FROM: readonly string[] = ['not_contacted', 'contacted'];
const CLICKED_FROM: readonly string[] = ['not_contacted', 'contacted', 'opened'];
const CHUNK = 500;

/** Reads messages by tracking key and records opens and clicks. */
export class TrackingRepo {
  constructor(private readonly db: Db) {}

  /** The messages with these track keys (hex), with what their sequence step sent. */
  async messagesByKeys(keys: string[]): Promise<TrackedMessage[]> {
    const out: TrackedMessage[] = [];
    for (let i = 0; i < keys.length; i += CHUNK) {
      const rows = await this.db.kysely
        .selectFrom('messages as m')
        .leftJoin('activity as a', (j) =>
          j.onRef('a.message_id', '=', 'm.message_id').on('a.kind', '=', sql.lit('sent')),
        )
        .select([
          'm.track_key',
          'm.workspace_id',
          'm.sequence_id',
          'm.lead_id',
          'm.enrollment_id',
          'm.step',
          'm.to_email',
          'm.subject',
          'm.message_id',
          'm.sender_id',
          'm.sent_at',
          'm.links',
          'a.step as email_number',
          'a.template_name',
          'a.sender_email',
        ])
        .where('m.track_key', 'in', keys.slice(i, i + CHUNK))
        .execute();
      for (const r of rows) {
        out.push({
          trackKey: r.track_key!,
          workspaceId: r.workspace_id,
          sequenceId: r.sequence_id,
          leadId: r.lead_id,
          enrollmentId: r.enrollment_id,
          step: Number(r.step),
          toEmail: r.to_email,
          toKey: emailKey(r.to_email),
          subject: r.subject,
          messageId: r.message_id,
          senderId: r.sender_id,
          sentAt: r.sent_at === null ? null : Number(r.sent_at),
          links: JSON.parse(r.links) as string[],
          emailNumber: r.email_number === null ? Number(r.step) + 1 : Number(r.email_number),
          templateName: r.template_name ?? '',
          senderEmail: r.sender_email ?? '',
        });
      }
    }
    return out;
  }

  /**
   * Records opens and clicks atomically: activity, human counters, and the leads' status. On PostgreSQL
   * that is one statement, one round trip (`runAtomically`).
   */
  async record(events: EngagementEvent[]): Promise<void> {
    if (events.length === 0) return;
    const human = events.filter((e) => e.human);
    const leadsOf = (kind: 'open' | 'click') => [
      ...new Set(human.filter((e) => e.activity.kind === kind).map((e) => e.leadId)),
    ];
    await runAtomically(this.db.kysely, [
      ...activityStatements(
        this.db.kysely,
        events.map((e) => e.activity),
      ).statements,
      ...leadsEngaged(this.db.dialect, leadsOf('open'), leadsOf('click')),
    ]);
  }
}

/** Moves the leads people opened or clicked up to `opened` or `clicked`, never down. */
function leadsEngaged(dialect: Dialect, opened: string[], clicked: string[]): Statement[] {
  const inList = (statuses: readonly string[]) => statuses.map((st) => `'${st}'`).join(', ');
  if (dialect === 'postgres') {
    if (opened.length + clicked.length === 0) return [];
    // One statement for both, so no lead row is changed twice in it; a click wins over an open.
    const text = preparedText('leads-engaged', () =>
      [
        "update leads set status = case when id = any($2::text[]) then 'clicked' else 'opened' end",
        `where (id = any($2::text[]) and status in (${inList(CLICKED_FROM)}))`,
        `or (id = any($1::text[]) and status in (${inList(OPENED_FROM)}))`,
      ].join(' '),
    );
    return [{ text, params: [opened, clicked] }];
  }
  // SQLite: one update per status, the clicks after the opens, so a lead that did both ends clicked.
  const statements: Statement[] = [];
  for (const [status, from, ids] of [
    ['opened', OPENED_FROM, opened],
    ['clicked', CLICKED_FROM, clicked],
  ] as const) {
    for (let i = 0; i < ids.length; i += CHUNK) {
      statements.push(
        idsStatement(
          dialect,
          `leads-${status}`,
          status,
          ids.slice(i, i + CHUNK),
          (value, idIn) => `update leads set status = ${value} where id ${idIn} and status in (${inList(from)})`,
        ),
      );
    }
  }
  return statements;
}
