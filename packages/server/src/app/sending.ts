import type { EmailStep, SequenceStep } from '@blinkpost/contract';
import { emailVariants } from '../domain/sequence-rules.js';
import { emailNumber, nextEmailStep, stableHash, variantIndex } from '../domain/sequence-steps.js';
import {
  addStepDelay,
  DAY_MS,
  gapWithJitter,
  instantOfWallTime,
  localDayKey,
  nextSendTime,
  parseSendingHours,
  startOfNextLocalDay,
  wallTimeOf,
  windowTimeZone,
  type GapSettings,
} from '../domain/send-time/index.js';
import { leadVariables, renderTemplate, type RenderedEmail } from '../domain/template-render.js';
import { NO_SENDER, SENDER_REFUSED, type EnrollmentRecord } from '../store/enrollment.repo.js';
import type { ReserveRequest, Reservation, SentRecord } from '../store/send-ledger.repo.js';
import { newId } from '../store/ids.js';
import type { MessageTable } from '../store/schema.js';
import type { SequenceRecord } from '../store/sequence.repo.js';
import type { Store } from '../store/store.js';
import { replySubject } from '../domain/inbox/inbox-compose.js';
import { prepareTrackedHtml, newTrackKey } from '../domain/tracking/index.js';
import { GroupCommit } from './group-commit.js';
import { listUnsubscribeHeaders, type TrackingLinks } from './tracking-links.js';
import { NOT_ATTEMPTED, type Clock, type Mailer, type OutgoingMessage, type SmtpAccount } from './ports.js';
import { PassCache } from './sending-pass.js';
import { SendSlots } from './send-slots.js';

/** A mailbox as the engine needs it. */
export interface SenderProfile {
  id: string;
  workspaceId: string;
  email: string;
  fromName: string;
  replyTo: string;
  timeZone: string;
  dailyCap: number;
  minGapMinutes: number;
  signature: string;
  /** the sender's custom tracking domain; '' for the server's own URL */
  trackingUrl: string;
  /** only `active` senders send */
  status: 'active' | 'paused' | 'needs-attention';
  account: SmtpAccount;
}

/** A lead as the engine renders and addresses it. */
export interface LeadView {
  email: string;
  standard: Record<string, string>;
  custom: Record<string, string>;
}

/** A template as the engine renders it. */
export interface TemplateView {
  name: string;
  subject: string;
  html: string;
}

/** What the engine reads and changes outside sequences and leads. */
export interface SendingDirectory {
  sender(workspaceId: string, id: string): Promise<SenderProfile | undefined>;
  template(workspaceId: string, id: string): Promise<TemplateView | undefined>;
  /** the workspace's leads among `ids`, by id */
  leads(workspaceId: string, ids: string[]): Promise<Map<string, LeadView>>;
  /** pauses a sender whose login was refused, with the server's words */
  senderNeedsAttention(workspaceId: string, id: string, reason: string): Promise<void>;
}

/** Who hears about the engine's work: webhooks for sent messages, the log for failures of that. */
export interface SendingHooks {
  sent?: (items: SentRecord[]) => Promise<void>;
  /** a server refused a send for good (5xx): the bounce threshold and the `bounced` webhook */
  bounced?: (b: {
    workspaceId: string;
    sequenceId: string;
    email: string;
    messageId: string;
    words: string;
  }) => Promise<void>;
  logError?: (err: unknown, what: string) => void;
}

/** A step rendered for one lead: the email, the template's name for the feeds, and its tracked links' URLs. */
interface Rendered {
  email: RenderedEmail;
  templateName: string;
  links: string[];
  /** the unsubscribe URL signed for the track key it was rendered with */
  unsubscribe: string;
}

/** Tuning of the engine; the defaults suit a real deployment, tests shorten them. */
export interface SendingOptions {
  /** how long a claimed enrollment is left alone before another worker may take it */
  claimLeaseMs: number;
  /** how long a reserved send may take before it is presumed interrupted (then `uncertain`) */
  sendLeaseMs: number;
  /** tries of a step that keeps failing temporarily before it is given up */
  maxAttempts: number;
  /** enrollments one pass takes */
  batchSize: number;
  /** SMTP sends in flight at once */
  concurrency: number;
  /**
   * steps prepared and reserved ahead of the sends in flight, so the database's round trips overlap SMTP
   * instead of adding to it (reserved steps wait for a send slot, never for long)
   */
  reserveAhead: number;
}

export const DEFAULT_SENDING_OPTIONS: SendingOptions = {
  claimLeaseMs: 2 * 60_000,
  sendLeaseMs: 5 * 60_000,
  maxAttempts: 5,
  batchSize: 200,
  concurrency: 8,
  reserveAhead: 8,
};

// A worker waits for its reservation, so it waits little for others: 2 ms gathers the workers whose
// sends end together (SQLite, 20,000 sends: 900 → 1,230 msg/s; more lingering costs more than it saves).
const RESERVE_LINGER_MS = 2;
// Nobody waits for a sent record (see `deliver`): it waits this long for others to share its commit.
const RECORD_LINGER_MS = 20;

// A pass claims at most this many batches, and starts none after this long: then it ends, and the next
// one looks for new leads and lets the engine's chores run.
const BATCHES_PER_PASS = 10;
const REFILL_FOR_MS = 5_000;
// A sequence's lists are walked for new leads when their `leads_version`s moved (every change that can
// make a lead enrollable moves them), and all of them at least this often anyway, in case a change
// reached the database by a way that does not (an operator's own SQL).
const WALK_ALL_EVERY_MS = 60_000;

// Back-off after a temporary failure: 1 min, 5 min, 15 min, 1 h, 4 h.
const RETRY_AFTER_MS = [60_000, 5 * 60_000, 15 * 60_000, 60 * 60_000, 4 * 60 * 60_000];
// A sender that cannot send is looked at again after this long; resuming or fixing it wakes its leads at once.
const NO_SENDER_RECHECK_MS = 15 * 60_000;

/** What one pass of the engine did, for logs and tests. */
export interface PassReport {
  expired: number;
  enrolled: number;
  claimed: number;
  sent: number;
  deferred: number;
  failed: number;
  held: number;
}

/** The sending use case: enroll leads, take due steps, reserve, send, record. */
export class SendingService {
  constructor(
    private readonly store: Store,
    private readonly directory: SendingDirectory,
    private readonly mailer: Mailer,
    private readonly clock: Clock,
    private readonly links: TrackingLinks,
    private readonly hooks: SendingHooks = {},
    private readonly opts: SendingOptions = DEFAULT_SENDING_OPTIONS,
    private readonly random: () => number = Math.random,
  ) {}

  /**
   * Per sender, the new threads the current pass has given it. The leads of a pass are placed
   * concurrently, before any of them is reserved: reading the ledger alone, every new thread of a
   * pass would go to one sender.
   */
  private readonly passLoad = new Map<string, number>();
  /** per sequence, its lists' versions when they were last walked for new leads */
  private readonly walked = new Map<string, string>();
  private lastWalkOfAll = Number.NEGATIVE_INFINITY;
  private pass!: PassCache;

  /** Steps are reserved, and accepted messages recorded, in batches: one transaction for those that come together. */
  private readonly reservations = new GroupCommit<ReserveRequest, Reservation>(
    (items) => this.store.ledger.reserveMany(items, this.clock.now()),
    { maxBatch: 500, lingerMs: RESERVE_LINGER_MS },
  );
  private readonly sentLog = new GroupCommit<SentRecord>(
    async (items) => {
      await this.store.ledger.markSentMany(items);
      // Announced after the commit; a webhook problem never fails a recorded send.
      await this.hooks
        .sent?.(items)
        .catch((err: unknown) => this.hooks.logError?.(err, 'announcing sent messages failed'));
    },
    { maxBatch: 500, lingerMs: RECORD_LINGER_MS },
  );

  /**
   * One pass: expire interrupted sends, enroll new leads, then send what is due. While the claimed
   * batches come back full, the next one is claimed before the current one runs dry, so the sends do
   * not stop between batches; a pass ends after a few batches or seconds, so that new leads and the
   * engine's chores are looked at regularly.
   */
  async runOnce(): Promise<PassReport> {
    const report: PassReport = { expired: 0, enrolled: 0, claimed: 0, sent: 0, deferred: 0, failed: 0, held: 0 };
    const now = this.clock.now();
    const started = performance.now();
    this.passLoad.clear();
    this.pass = new PassCache(this.store, this.directory);
    report.expired = await this.store.ledger.expireLeases(now);
    report.enrolled = await this.enrollAll(now);
    const due: EnrollmentRecord[] = [];
    let batches = 0;
    let more = true;
    let failed = false;
    const claim = async (): Promise<void> => {
      const first = batches === 0;
      try {
        const batch = await this.store.enrollments.claimDue(
          this.clock.now(),
          this.opts.batchSize,
          this.opts.claimLeaseMs,
        );
        batches += 1;
        more =
          !failed &&
          batch.length >= this.opts.batchSize &&
          batches < BATCHES_PER_PASS &&
          performance.now() - started < REFILL_FOR_MS;
        await this.pass.loadLeads(batch);
        report.claimed += batch.length;
        due.push(...batch);
      } catch (err) {
        // What the pass holds goes on; a batch claimed but not read waits out its claim lease, as after a crash.
        more = false;
        if (first) throw err;
        this.hooks.logError?.(err, 'claiming the next batch of due steps failed');
      }
    };
    await claim();
    const slots = new SendSlots(this.opts.concurrency, this.mailer.connectionsPerSender);
    const workers = this.opts.concurrency + this.opts.reserveAhead;
    let next = 0;
    let refill: Promise<void> | undefined;
    const worker = async () => {
      for (;;) {
        if (more && !refill && due.length - next <= workers) {
          refill = claim().finally(() => (refill = undefined));
        }
        if (next < due.length) {
          const e = due[next++]!;
          try {
            report[await this.process(e, slots)] += 1;
          } catch (err) {
            // The pass fails, after the other workers have finished what it claimed: none may outlive
            // the pass (the next one replaces what they read), and nothing more is claimed.
            failed = true;
            more = false;
            throw err;
          }
        } else if (refill) await refill;
        else return;
      }
    };
    try {
      const settled = await Promise.allSettled(Array.from({ length: workers }, worker));
      const rejected = settled.find((r) => r.status === 'rejected');
      if (rejected) throw rejected.reason;
    } finally {
      await this.reservations.flush();
      await this.sentLog.flush();
    }
    return report;
  }

  private async enrollAll(now: number): Promise<number> {
    let total = 0;
    const active = await this.store.sequences.listActive();
    this.pass.addSequences(active);
    // Read before walking: a lead added during the walk moves its list's version past what is kept
    // here, so the next pass walks again.
    const versions = await this.store.enrollments.listVersions(active.map((s) => s.id));
    const walkAll = performance.now() - this.lastWalkOfAll >= WALK_ALL_EVERY_MS;
    for (const seq of active) {
      const steps = stepsOf(seq);
      const first = nextEmailStep(steps, 0);
      if (!first) continue;
      const version = versions.get(seq.id) ?? '';
      let n = 0;
      if (walkAll || this.walked.get(seq.id) !== version) {
        const tz = settingString(seq, 'timezone', 'UTC');
        const launchAt = typeof seq.settings['launchAt'] === 'number' ? seq.settings['launchAt'] : now;
        const due = first.delays.reduce((t, d) => addStepDelay(t, d, tz), Math.max(launchAt, now));
        n = await this.store.enrollments.enrollNew({ id: seq.id, workspaceId: seq.workspaceId }, first.index, due, now);
        this.walked.set(seq.id, version);
      }
      total += n;
      await this.settleStatus(seq, n, now);
    }
    if (walkAll) this.lastWalkOfAll = performance.now();
    // A sequence paused or archived is walked afresh when it comes back.
    const activeIds = new Set(active.map((s) => s.id));
    for (const id of this.walked.keys()) if (!activeIds.has(id)) this.walked.delete(id);
    return total;
  }

  /** A running sequence with nothing left to do is completed; new leads bring a completed one back. */
  private async settleStatus(seq: SequenceRecord, enrolled: number, now: number): Promise<void> {
    if (seq.status === 'needs-attention') {
      const recovered = await this.recovered(seq, now);
      if (!recovered) return;
      seq = recovered;
    }
    if (seq.status === 'completed' && enrolled > 0) {
      await this.store.sequences.setStatus(seq.id, 'running', '', ['completed'], now);
      return;
    }
    if (seq.status !== 'running' || enrolled > 0) return;
    const counts = await this.store.enrollments.countByStatus(seq.id);
    const pending = (counts['active'] ?? 0) + (counts['held'] ?? 0);
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    if (total > 0 && pending === 0) await this.store.sequences.setStatus(seq.id, 'completed', '', ['running'], now);
  }

  /**
   * A sequence flagged `needs-attention` (a sender's login was refused) runs again once none of its
   * senders needs attention any more (fixed and resumed, or taken out of it); the reason goes with it.
   */
  private async recovered(seq: SequenceRecord, now: number): Promise<SequenceRecord | undefined> {
    for (const id of await this.pass.senderIds(seq.id)) {
      if ((await this.pass.sender(seq.workspaceId, id))?.status === 'needs-attention') return undefined;
    }
    if (!(await this.store.sequences.setStatus(seq.id, 'running', '', ['needs-attention'], now))) return undefined;
    return { ...seq, status: 'running', statusReason: '' };
  }

  private async process(e: EnrollmentRecord, slots: SendSlots): Promise<'sent' | 'deferred' | 'failed' | 'held'> {
    const now = this.clock.now();
    const seq = await this.pass.sequence(e.workspace_id, e.sequence_id);
    if (!seq || (seq.status !== 'running' && seq.status !== 'needs-attention')) return 'deferred';
    const steps = stepsOf(seq);
    const at = nextEmailStep(steps, e.step);
    if (!at) {
      await this.store.enrollments.update(e.id, { status: 'completed', due_at: null }, now);
      return 'deferred';
    }
    const step = steps[at.index] as EmailStep;
    const lead = this.pass.lead(e.lead_id);
    if (!lead) {
      await this.store.enrollments.update(e.id, { status: 'stopped', reason: 'lead deleted', due_at: null }, now);
      return 'deferred';
    }
    const sender = await this.pickSender(e, seq, now);
    if (!sender) {
      await this.store.enrollments.update(e.id, { due_at: now + NO_SENDER_RECHECK_MS, reason: NO_SENDER }, now);
      return 'deferred';
    }
    // Rendered before the timing checks, so a missing variable shows at once, not when the lead's turn comes.
    const variant = variantIndex(step, e.id);
    // The message's tracking key comes first: its unsubscribe link is part of the rendering.
    let trackKey = newTrackKey().toString('hex');
    let rendered = await this.render(e, seq, step, variant, lead, sender, trackKey);
    if ('held' in rendered) {
      await this.store.enrollments.update(e.id, { status: 'held', reason: rendered.held, due_at: null }, now);
      return 'held';
    }
    const dayStart = startOfLocalDay(now, sender.timeZone);
    // The count when the pass began: enough for the timing below; the reservation counts exactly.
    const sentToday = await this.pass.countedAtStart(sender.id, dayStart);
    const when = nextSendTime({
      earliestMs: now,
      hours: parseSendingHours(seq.settings['emailSendingHours']),
      leadTimeZone: lead.standard['Timezone'],
      sequenceTimeZone: settingString(seq, 'timezone', 'UTC'),
      gapMs: 0,
      sender: {
        timeZone: sender.timeZone,
        dailyCap: sender.dailyCap,
        sentOnDay: { day: localDayKey(now, sender.timeZone), count: sentToday },
      },
    });
    if (when.at === undefined) {
      const reason = when.heldBy === 'cap' ? 'the sender sends 0 emails a day' : 'no sending hours are enabled';
      await this.store.enrollments.update(e.id, { status: 'held', reason, due_at: null }, now);
      return 'held';
    }
    if (when.at > now) {
      await this.store.enrollments.update(e.id, { due_at: when.at, reason: when.heldBy ?? '' }, now);
      return 'deferred';
    }
    const threaded = e.thread_message_id !== '' && !ownSubject(step, variant);
    const subject = threaded ? replySubject(e.thread_subject) : rendered.email.subject;
    const reservation = await this.reservations.add({
      enrollmentId: e.id,
      step: at.index,
      senderId: sender.id,
      messageId: `<${newId(now)}@${domainOf(sender.email)}>`,
      toEmail: lead.email,
      subject,
      variant,
      gapMs: gapWithJitter(gapSettings(seq, sender), this.random()),
      cap: sender.dailyCap,
      dayStart,
      leaseMs: this.opts.sendLeaseMs,
      trackKey,
      links: rendered.links,
    });
    if (reservation.kind === 'paced') {
      await this.store.enrollments.update(e.id, { due_at: reservation.until, reason: 'gap' }, now);
      return 'deferred';
    }
    if (reservation.kind === 'capped') {
      await this.store.enrollments.update(
        e.id,
        { due_at: startOfNextLocalDay(now, sender.timeZone), reason: 'cap' },
        now,
      );
      return 'deferred';
    }
    if (reservation.kind !== 'reserved') return 'deferred';
    const kept = reservation.message.track_key;
    if (kept !== null && kept !== trackKey) {
      // A retry keeps the key its first try carried (its links may be out there): render with it.
      trackKey = kept;
      const again = await this.render(e, seq, step, variant, lead, sender, trackKey);
      if ('held' in again) return 'deferred';
      rendered = again;
    }
    return this.deliver(e, seq, steps, at.index, reservation.message, rendered, sender, lead, threaded, slots);
  }

  private async deliver(
    e: EnrollmentRecord,
    seq: SequenceRecord,
    steps: SequenceStep[],
    index: number,
    msg: MessageTable,
    rendered: Rendered,
    sender: SenderProfile,
    lead: { email: string; standard: Record<string, string> },
    threaded: boolean,
    slots: SendSlots,
  ): Promise<'sent' | 'deferred' | 'failed'> {
    const { templateName } = rendered;
    let message: OutgoingMessage;
    try {
      message = await this.outgoing(e, seq, msg, rendered, sender, lead, threaded);
    } catch (err) {
      // Nothing went out: the step is tried again later like a temporary failure, so no send is lost.
      const words = `not sent, the message could not be built: ${err instanceof Error ? err.message : String(err)}`;
      await this.store.ledger.markRetry(msg.id, words, this.clock.now() + RETRY_AFTER_MS[0]!, true, this.clock.now());
      return 'deferred';
    }
    const outcome = await slots.run(sender.id, () => this.mailer.send(sender.account, message));
    const now = this.clock.now();
    if (outcome.ok) {
      const next = nextEmailStep(steps, index + 1);
      const tz = windowTimeZone(lead.standard['Timezone'], settingString(seq, 'timezone', 'UTC'));
      // The worker goes on to its next lead while the record waits for its batch: the step was reserved
      // before SMTP, so a record that never commits (a crash) leaves it `uncertain`, never sent twice. Not
      // waiting makes the batches as large as the sends that finish together, and a commit per batch is
      // what a send costs the database. The pass ends only once every record is committed (`runOnce`).
      const recorded = this.sentLog.add({
        messageRowId: msg.id,
        sentAt: now,
        enrollmentId: e.id,
        leadId: e.lead_id,
        enrollment: {
          sender_id: sender.id,
          step: next ? next.index : steps.length,
          status: next ? 'active' : 'completed',
          reason: '',
          due_at: next ? next.delays.reduce((t, d) => addStepDelay(t, d, tz), now) : null,
          // The thread is anchored on the lead's first email; later ones reply to it.
          ...(e.thread_message_id === '' ? { thread_message_id: msg.message_id, thread_subject: msg.subject } : {}),
        },
        activity: {
          workspace_id: e.workspace_id,
          kind: 'sent',
          time: now,
          sequence_id: e.sequence_id,
          lead_id: e.lead_id,
          recipient_email: lead.email,
          subject: msg.subject,
          step: emailNumber(steps, index),
          template_name: templateName,
          sender_email: sender.email,
          message_id: msg.message_id,
        },
      });
      recorded.catch((err: unknown) =>
        this.hooks.logError?.(err, `recording sent message ${msg.message_id} failed; it becomes uncertain`),
      );
      return 'sent';
    }
    const words = `${outcome.code ?? ''} ${outcome.response}`.trim();
    if (outcome.kind === 'auth') {
      await this.store.ledger.markRetry(msg.id, words, now + NO_SENDER_RECHECK_MS, false, now, SENDER_REFUSED);
      await this.directory.senderNeedsAttention(sender.workspaceId, sender.id, `SMTP login refused: ${words}`);
      this.pass.senderChanged(sender.workspaceId, sender.id, 'needs-attention');
      await this.store.sequences.setStatus(
        seq.id,
        'needs-attention',
        `sender ${sender.email}: SMTP login refused (${words})`,
        ['running', 'needs-attention'],
        now,
      );
      return 'deferred';
    }
    if (outcome.kind === 'transient' && outcome.code === undefined && /DATA/i.test(outcome.command ?? '')) {
      // The connection broke after the message was handed over: the server may have taken it. Sending
      // again could duplicate it, so the step is marked uncertain for a person to decide.
      await this.store.ledger.markUncertain(msg.id, `connection lost during DATA; delivery unknown: ${words}`, now);
      return 'failed';
    }
    if (outcome.kind === 'transient' && outcome.command === NOT_ATTEMPTED) {
      await this.store.ledger.markRetry(msg.id, words, now + RETRY_AFTER_MS[0]!, false, now);
      return 'deferred';
    }
    if (outcome.kind === 'transient' && msg.attempts + 1 < this.opts.maxAttempts) {
      const wait = RETRY_AFTER_MS[Math.min(msg.attempts, RETRY_AFTER_MS.length - 1)]!;
      await this.store.ledger.markRetry(msg.id, words, now + wait, true, now);
      return 'deferred';
    }
    const reason =
      outcome.kind === 'permanent'
        ? `bounced: ${words}`
        : outcome.kind === 'transient'
          ? `gave up after ${this.opts.maxAttempts} tries: ${words}`
          : `not sendable: ${words}`;
    await this.store.ledger.markFailed(msg.id, reason, outcome.kind === 'permanent' ? 'bounced' : undefined, now);
    if (outcome.kind === 'permanent') {
      await this.hooks
        .bounced?.({
          workspaceId: e.workspace_id,
          sequenceId: e.sequence_id,
          email: lead.email,
          messageId: msg.message_id,
          words,
        })
        .catch((err: unknown) => this.hooks.logError?.(err, 'a send-time bounce was not followed up'));
    }
    return 'failed';
  }

  /** The email of one reserved step as the mailer takes it. */
  private async outgoing(
    e: EnrollmentRecord,
    seq: SequenceRecord,
    msg: MessageTable,
    { email, unsubscribe: renderedUnsubscribe }: Rendered,
    sender: SenderProfile,
    lead: { email: string },
    threaded: boolean,
  ): Promise<OutgoingMessage> {
    const references = threaded
      ? (await this.store.ledger.messagesOf(e.id)).filter((m) => m.status === 'sent').map((m) => m.message_id)
      : [];
    const bcc = settingString(seq, 'bcc', '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    // The body was rendered with the ledger row's track key (`process` renders again when the row kept
    // another): its unsubscribe URL is the one signed then.
    const unsubscribe = msg.track_key ? renderedUnsubscribe : undefined;
    return {
      headers: listUnsubscribeHeaders(unsubscribe, `mailto:${sender.replyTo || sender.email}?subject=unsubscribe`),
      from: { name: sender.fromName, address: sender.email },
      to: lead.email,
      ...(sender.replyTo ? { replyTo: sender.replyTo } : {}),
      ...(bcc.length > 0 ? { bcc } : {}),
      subject: msg.subject,
      html: seq.settings['plainText'] === true ? '' : email.html,
      text: email.text,
      messageId: msg.message_id,
      date: this.clock.now(),
      ...(threaded ? { inReplyTo: e.thread_message_id, references } : {}),
    };
  }

  private async render(
    e: EnrollmentRecord,
    seq: SequenceRecord,
    step: EmailStep,
    variant: number,
    lead: { email: string; standard: Record<string, string>; custom: Record<string, string> },
    sender: SenderProfile,
    trackKey: string,
  ): Promise<Rendered | { held: string }> {
    const v = emailVariants(step)[variant]!;
    let subject = v.subject ?? '';
    let html = v.content ?? '';
    let templateName = emailVariants(step).length > 1 ? `variant ${String.fromCharCode(65 + variant)}` : '';
    if (v.template_id) {
      const t = await this.pass.template(seq.workspaceId, v.template_id);
      if (!t) return { held: `template ${v.template_id} no longer exists` };
      subject = v.subject ?? t.subject;
      html = v.content ?? t.html;
      templateName = t.name;
    }
    if (sender.signature) html = `${html}<br><br>${sender.signature}`;
    const links = this.links.forMessage(trackKey, sender.trackingUrl);
    const unsubscribe = links.unsubscribe;
    const outcome = renderTemplate({ subject, html }, leadVariables(lead.standard, lead.custom), {
      choose: (n, slot) => stableHash(`${e.id}:${e.step}:${slot}`) % n,
      unsubscribeLink: unsubscribe,
    });
    if (!outcome.ok) return { held: outcome.problem };
    if (outcome.subject.trim() === '' && e.thread_message_id === '') return { held: 'the first email has no subject' };
    // Plain-text sequences carry no pixel and no rewritten links: there is no HTML to put them in.
    const opens = seq.settings['checkEmailOpen'] === true;
    const clicks = seq.settings['checkEmailClick'] === true;
    if (seq.settings['plainText'] === true || (!opens && !clicks))
      return { email: outcome, templateName, links: [], unsubscribe };
    const tracked = prepareTrackedHtml(outcome.html, {
      clickUrl: (index) => (clicks ? links.click(index) : undefined),
      ...(opens ? { openPixelUrl: links.open } : {}),
      unsubscribeUrl: unsubscribe,
    });
    return { email: { ...outcome, html: tracked.html }, templateName, links: tracked.links, unsubscribe };
  }

  private async pickSender(e: EnrollmentRecord, seq: SequenceRecord, now: number): Promise<SenderProfile | undefined> {
    if (e.sender_id) {
      // A lead keeps its sender for the whole thread; a paused sender holds the thread back.
      const own = await this.pass.sender(e.workspace_id, e.sender_id);
      return own?.status === 'active' ? own : undefined;
    }
    const candidates: { sender: SenderProfile; counted: number }[] = [];
    for (const id of await this.pass.senderIds(seq.id)) {
      const s = await this.pass.sender(seq.workspaceId, id);
      if (!s || s.status !== 'active') continue;
      candidates.push({ sender: s, counted: await this.pass.countedAtStart(s.id, startOfLocalDay(now, s.timeZone)) });
    }
    // Placed synchronously from here on, so leads placed concurrently see each other's choice.
    let best: { sender: SenderProfile; load: number } | undefined;
    for (const { sender, counted } of candidates) {
      const load = (counted + (this.passLoad.get(sender.id) ?? 0)) / Math.max(1, sender.dailyCap);
      if (!best || load < best.load) best = { sender, load };
    }
    if (best) this.passLoad.set(best.sender.id, (this.passLoad.get(best.sender.id) ?? 0) + 1);
    return best?.sender;
  }
}

function settingString(seq: SequenceRecord, name: string, fallback: string): string {
  const v = seq.settings[name];
  return typeof v === 'string' ? v : fallback;
}

function stepsOf(seq: SequenceRecord): SequenceStep[] {
  return (seq.settings['steps'] ?? []) as SequenceStep[];
}

function gapSettings(seq: SequenceRecord, sender: SenderProfile): GapSettings {
  const s = seq.settings as GapSettings;
  return {
    ...(s.delayEnabled !== undefined ? { delayEnabled: s.delayEnabled } : {}),
    ...(s.delayFrom !== undefined ? { delayFrom: s.delayFrom } : {}),
    ...(s.delayTo !== undefined ? { delayTo: s.delayTo } : {}),
    minGapMinutes: sender.minGapMinutes,
  };
}

/** The start of the sender's local day containing `ms`. */
export function startOfLocalDay(ms: number, tz: string): number {
  return instantOfWallTime(Math.floor(wallTimeOf(ms, tz) / DAY_MS) * DAY_MS, tz);
}

function ownSubject(step: EmailStep, variant: number): boolean {
  return emailVariants(step)[variant]?.subject !== undefined;
}

const domainOf = (email: string): string => email.slice(email.lastIndexOf('@') + 1) || 'blinkpost.local';
