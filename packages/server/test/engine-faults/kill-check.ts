import type { Store } from '../../src/store/store.js';
import type { SmtpSink } from '../support/smtp-sink.js';
import { deliveryOf, statsOf, tally, type Api } from './outreach.js';

/** What the kill -9 runs add up to. */
export interface KillFigures {
  runs: number;
  leads: number;
  /** steps received once and recorded `sent` */
  sent: number;
  /** steps recorded `uncertain`: received (the crash came after the server took it) or not */
  uncertainReceived: number;
  uncertainNotReceived: number;
  duplicates: number;
  lost: number;
  /** anything else that is not as promised, in words */
  problems: string[];
}

export const noFigures = (): KillFigures => ({
  runs: 0,
  leads: 0,
  sent: 0,
  uncertainReceived: 0,
  uncertainNotReceived: 0,
  duplicates: 0,
  lost: 0,
  problems: [],
});

/** True once the sequence has nothing left to do: every lead enrolled and finished, no send in flight. */
export async function settled(store: Store, seqId: string, leads: number): Promise<boolean> {
  const e = await store.enrollments.countByStatus(seqId);
  const total = Object.values(e).reduce((a, b) => a + b, 0);
  if (total < leads || (e['active'] ?? 0) + (e['held'] ?? 0) > 0) return false;
  const m = await store.ledger.countByStatus(seqId);
  return (m['sending'] ?? 0) + (m['retry'] ?? 0) === 0;
}

/**
 * Checks one settled run of a one-step sequence against the promise, adding to `f`: a lead received
 * at most once; received ⇒ a `sent` or `uncertain` row with the same Message-ID; `sent` ⇒ received;
 * not received ⇒ `uncertain`; and the API's stats count exactly what the ledger holds.
 */
export async function checkRun(
  api: Api,
  store: Store,
  sink: SmtpSink,
  run: number,
  seqId: string,
  emails: string[],
  f: KillFigures,
): Promise<void> {
  const mine = new Set(emails);
  const received = sink.messages.map(deliveryOf).filter((d) => mine.has(d.to));
  const count = tally(received, (d) => d.to);
  const rows = await store.db.kysely
    .selectFrom('messages')
    .select(['to_email', 'status', 'message_id'])
    .where('sequence_id', '=', seqId)
    .execute();
  const rowOf = new Map(rows.map((r) => [r.to_email, r]));
  const problem = (what: string) => f.problems.push(`run ${run}: ${what}`);
  f.runs += 1;
  f.leads += emails.length;
  for (const email of emails) {
    const n = count.get(email) ?? 0;
    const row = rowOf.get(email);
    if (n > 1) {
      f.duplicates += 1;
      problem(`${email} received ${n} times`);
    }
    if (!row) {
      f.lost += 1;
      problem(`${email} has no ledger row (received ${n} times)`);
    } else if (row.status === 'sent') {
      if (n === 0) {
        f.lost += 1;
        problem(`${email} is recorded sent but never arrived`);
      } else f.sent += 1;
    } else if (row.status === 'uncertain') {
      if (n === 0) f.uncertainNotReceived += 1;
      else f.uncertainReceived += 1;
    } else {
      f.lost += 1;
      problem(`${email} settled as ${row.status}`);
    }
    const arrived = received.find((d) => d.to === email);
    if (row && arrived && arrived.messageId !== row.message_id) {
      problem(`${email} arrived with ${arrived.messageId}, the ledger says ${row.message_id}`);
    }
  }
  const stats = await statsOf(api, seqId);
  const uncertainRows = rows.filter((r) => r.status === 'uncertain').length;
  const sentRows = rows.filter((r) => r.status === 'sent').length;
  const counted = {
    sent: stats.messages.sent,
    uncertain: stats.messages.uncertain,
    leadsUncertain: stats.leads.uncertain,
    leadsCompleted: stats.leads.completed,
  };
  const truth = {
    sent: sentRows,
    uncertain: uncertainRows,
    // one step each: a lead's state follows its one message
    leadsUncertain: uncertainRows,
    leadsCompleted: sentRows,
  };
  if (JSON.stringify(counted) !== JSON.stringify(truth)) {
    problem(`the API counts ${JSON.stringify(counted)}, the ledger holds ${JSON.stringify(truth)}`);
  }
}
