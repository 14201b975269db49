import { createHash } from 'node:crypto';
import {
  MAX_INBOX_PAGE,
  type CorrectInboundBody,
  type InboundMessage,
  type InboundMessageKind,
  type ListInboundQuery,
  type WebhookEvent,
} from '@blinkpost/contract';
import { AppError, invalid, notFound } from '../domain/app-error.js';
import { emailKey } from '../domain/email-address.js';
import { classifyMessage, type BounceSeverity, type InboundVerdict } from '../domain/inbound/index.js';
import { replyRulesOf, type InboundJudgement } from '../domain/inbound/inbound-effects.js';
import { offsetWindow } from '../domain/paging.js';
import { isoTime } from '../domain/time-filter.js';
import type { InboundRecord, NewInbound, OurMessage } from '../store/inbox.repo.js';
import type { SequenceRecord } from '../store/sequence.repo.js';
import type { Store } from '../store/store.js';
import type { BlocklistService } from './blocklist.js';
import { mailboxAddresses, matchOurMessage, whyNotOurs } from './inbound-match.js';
import { EVENT_OF, planInbound, type InboundPlan } from './inbound-plan.js';
import type { Clock, Principal } from './ports.js';
import { cutText } from '../domain/cut-text.js';

/** What reading one message did: recorded with effects, recorded as not ours, or seen before. */
export interface InboundOutcome {
  status: 'recorded' | 'ignored' | 'duplicate';
  id?: string;
  kind?: InboundMessageKind;
}

/** Announces an inbound event (webhooks); a failure is logged, never undoes what was recorded. */
export type AnnounceInbound = (
  workspaceId: string,
  event: WebhookEvent,
  data: Record<string, unknown>,
) => Promise<void>;

const OURS: InboundMessageKind[] = ['reply', 'auto_reply', 'bounce'];
const LABEL: Record<string, string> = {
  reply: 'reply',
  auto_reply: 'auto-reply',
  bounce: 'bounce',
  ignored: 'ignored',
};

/** A stored inbound message in the shape the API answers. */
export const toApiInbound = (r: InboundRecord): InboundMessage => ({
  id: r.id,
  received_at: isoTime(Number(r.received_at)),
  sender_id: r.sender_id,
  from: r.from_email,
  subject: r.subject,
  message_id: r.message_id,
  kind: r.kind as InboundMessageKind,
  original_kind: r.original_kind as InboundMessageKind,
  corrected: r.corrected === 1,
  corrected_at: r.corrected_at === null ? null : isoTime(Number(r.corrected_at)),
  reason: r.reason,
  matched: r.matched,
  effects: r.effects,
  snippet: r.snippet,
  ...(r.kind === 'bounce'
    ? {
        bounce: {
          severity: r.severity === 'soft' ? 'soft' : 'hard',
          status: r.bounce_status,
          diagnostic: r.diagnostic,
        },
      }
    : {}),
  lead_id: r.lead_id,
  lead_email: r.lead_email,
  sequence_id: r.sequence_id,
  in_reply_to: r.our_message_id,
});

/**
 * The inbox: each message read from a sender's INBOX is classified, tied to the message of ours it
 * answers or bounces, and its effects applied once per workspace, with the reason for each step kept.
 */
export class InboxService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly blocklist: BlocklistService,
    private readonly announce: AnnounceInbound = async () => undefined,
    private readonly log: (err: unknown, what: string) => void = () => undefined,
  ) {}

  /** Classifies one raw message of a sender's INBOX and applies what it means; safe to call again with the same message. */
  async process(senderId: string, raw: Buffer, uidKey = ''): Promise<InboundOutcome> {
    const sender = await this.store.senders.findById(senderId);
    if (!sender) return { status: 'ignored' };
    const ws = sender.workspaceId;
    const v = await classifyMessage(raw).catch((err: unknown) => unreadable(err));
    const dedupeKey = v.messageId || `sha256:${createHash('sha256').update(raw).digest('hex')}`;
    if (await this.store.inbox.recorded(ws, dedupeKey)) return { status: 'duplicate' };
    const now = this.clock.now();
    const row: NewInbound = {
      workspace_id: ws,
      sender_id: senderId,
      dedupe_key: dedupeKey,
      uid_key: uidKey,
      message_id: v.messageId,
      from_email: v.from,
      subject: cutText(v.subject, 998),
      kind: v.kind,
      original_kind: v.kind,
      severity: v.bounce?.severity ?? '',
      bounce_status: v.bounce?.status ?? '',
      diagnostic: v.bounce?.diagnostic ?? '',
      reason: v.reason,
      matched: '',
      snippet: v.snippet,
      our_message_id: '',
      lead_id: null,
      lead_email: '',
      sequence_id: null,
      received_at: now,
    };
    const own = mailboxAddresses(sender);
    if (own.includes(v.from)) return this.ignore(row, `our own sent copy: From is this mailbox (${v.from})`);
    if (v.messageId && (await this.store.inbox.ourMessage(ws, [v.messageId]))) {
      return this.ignore(row, `our own sent copy: its Message-ID ${v.messageId} is one we sent`);
    }
    const match = await matchOurMessage(this.store, sender, own, v);
    if (!match) return this.ignore(row, whyNotOurs(v));
    const seq = await this.store.sequences.get(ws, match.ours.sequenceId);
    const rules = replyRulesOf(seq?.settings ?? {});
    if (v.kind !== 'bounce' && !rules.checkReplies) {
      return this.ignore(row, `${match.how}, but its sequence does not check replies (checkEmailReply is off)`);
    }
    const judgement = {
      kind: v.kind,
      severity: v.bounce?.severity,
      status: row.bounce_status,
      diagnostic: row.diagnostic,
    };
    const plan = await this.plan(judgement, match.ours, row, sender.email, rules, false);
    const id = await this.store.inbox.record(
      {
        ...row,
        matched: match.how,
        our_message_id: match.ours.messageId,
        lead_id: match.ours.leadId,
        lead_email: match.ours.toEmail,
        sequence_id: match.ours.sequenceId,
      },
      plan.writes,
      plan.describe,
    );
    if (id === undefined) return { status: 'duplicate' };
    await this.follow(id, plan, seq, { ...row, lead_email: match.ours.toEmail, our_message_id: match.ours.messageId });
    return { status: 'recorded', id, kind: v.kind };
  }

  /** The workspace's inbound messages, latest first; ignored ones only when asked for. */
  async list(p: Principal, q: ListInboundQuery) {
    const kinds = q.kind === undefined ? OURS : q.kind === 'all' ? [...OURS, 'ignored'] : [q.kind];
    const window = offsetWindow(MAX_INBOX_PAGE, q.limit ?? MAX_INBOX_PAGE, q.skip);
    const rows = await this.store.inbox.list(
      { workspaceId: p.workspaceId, kinds, senderId: q.sender_id, sequenceId: q.sequence_id },
      window,
    );
    return { messages: rows.map(toApiInbound), window };
  }

  async get(p: Principal, id: string): Promise<InboundMessage> {
    return toApiInbound(await this.require(p, id));
  }

  /**
   * A person's verdict replaces the classifier's: counters and feed records follow it and its effects
   * are applied; what the wrong verdict stopped stays stopped (a correction never restarts a lead).
   */
  async correct(
    p: Principal,
    id: string,
    body: CorrectInboundBody,
  ): Promise<{ message: InboundMessage; note: string }> {
    const row = await this.require(p, id);
    if (row.kind === 'ignored' || row.lead_id === null || row.sequence_id === null) {
      throw new AppError('conflict', 'This message matched none of our messages; there is no verdict to correct');
    }
    if (body.severity !== undefined && body.kind !== 'bounce') throw invalid('severity', 'is for kind bounce only');
    const severity: BounceSeverity | '' =
      body.kind === 'bounce' ? (body.severity ?? (row.severity === 'soft' ? 'soft' : 'hard')) : '';
    if (body.kind === row.kind && severity === row.severity) {
      return { message: toApiInbound(row), note: `Already a ${LABEL[row.kind]}; nothing changed` };
    }
    const seq = await this.store.sequences.get(p.workspaceId, row.sequence_id);
    const sender = await this.store.senders.findById(row.sender_id);
    const ours: OurMessage = {
      messageId: row.our_message_id,
      senderId: row.sender_id,
      sequenceId: row.sequence_id,
      leadId: row.lead_id,
      toEmail: row.lead_email,
    };
    const judgement: InboundJudgement = {
      kind: body.kind,
      severity: severity === '' ? undefined : severity,
      status: row.bounce_status,
      diagnostic: row.diagnostic,
    };
    const plan = await this.plan(judgement, ours, row, sender?.email ?? '', replyRulesOf(seq?.settings ?? {}), true);
    const was = `${row.severity ? `${row.severity} ` : ''}${LABEL[row.kind]}`;
    const now = `${severity ? `${severity} ` : ''}${LABEL[body.kind]}`;
    const effects = await this.store.inbox.correct(
      row,
      { kind: body.kind, severity },
      plan.writes,
      (n) => `Corrected from ${was} to ${now}: ${plan.describe(n)}`,
    );
    await this.follow(row.id, plan, seq, row);
    const undone = doesLess(row, plan)
      ? ' What the earlier verdict stopped stays stopped: a correction never restarts a lead.'
      : '';
    return { message: await this.get(p, id), note: `${effects}${undone}` };
  }

  private async plan(
    judgement: InboundJudgement,
    ours: OurMessage,
    row: Pick<NewInbound, 'workspace_id' | 'from_email' | 'subject' | 'snippet' | 'message_id' | 'received_at'>,
    senderEmail: string,
    rules: ReturnType<typeof replyRulesOf>,
    correcting: boolean,
  ): Promise<InboundPlan> {
    return planInbound({
      judgement,
      ours,
      workspaceId: row.workspace_id,
      senderEmail,
      from: row.from_email,
      subject: row.subject,
      snippet: row.snippet,
      replyMessageId: row.message_id,
      sent: await this.store.inbox.sentRecord(ours.messageId),
      rules,
      receivedAt: Number(row.received_at),
      now: this.clock.now(),
      correcting,
    });
  }

  /**
   * A server refused a send for good (5xx at send time): the bounce counts toward the sequence's
   * `bounceThreshold` like one read from the mailbox, and is announced as `bounced`.
   */
  async sendBounced(b: { workspaceId: string; sequenceId: string; email: string; messageId: string; words: string }) {
    const seq = await this.store.sequences.get(b.workspaceId, b.sequenceId);
    if (!seq) return;
    await this.pauseOnBounces(seq);
    await this.announce(b.workspaceId, 'bounced', {
      email: b.email,
      sequence_id: seq.id,
      message_id: b.messageId,
      bounce: 'hard',
      snippet: b.words,
      at_send: true,
    }).catch((err: unknown) => this.log(err, 'send-time bounce not announced'));
  }

  /** Pauses a sequence whose hard bounces reached its `bounceThreshold` (when `bouncePause`); answers the reason. */
  private async pauseOnBounces(seq: SequenceRecord): Promise<string | undefined> {
    const rules = replyRulesOf(seq.settings);
    if (!rules.bouncePause) return undefined;
    const bounces = await this.store.inbox.hardBounces(seq.id);
    const reason = `${bounces} hard bounces reached bounceThreshold ${rules.bounceThreshold}`;
    if (bounces < rules.bounceThreshold) return undefined;
    return (await this.store.sequences.setStatus(seq.id, 'paused', reason, ['running'], this.clock.now()))
      ? reason
      : undefined;
  }

  /** What comes after the record: the bounce threshold, an unsubscribe by reply, the webhook event. */
  private async follow(
    id: string,
    plan: InboundPlan,
    seq: SequenceRecord | undefined,
    row: Pick<NewInbound, 'workspace_id' | 'from_email' | 'lead_email' | 'our_message_id' | 'message_id' | 'subject'>,
  ): Promise<void> {
    const ws = row.workspace_id;
    if (seq && plan.effects.countsTowardBounces) {
      const paused = await this.pauseOnBounces(seq);
      if (paused) await this.store.inbox.addEffect(id, `Sequence paused: ${paused}.`);
    }
    if (plan.effects.unsubscribe) {
      const addresses = [...new Set([emailKey(row.lead_email), row.from_email])];
      for (const address of addresses) await this.blocklist.unsubscribeRecipient(ws, address);
      await this.store.inbox.addEffect(id, `Asked to unsubscribe: ${addresses.join(', ')} added to the blocklist.`);
    }
    const activity = plan.writes.activity;
    await this.announce(ws, EVENT_OF[plan.effects.activity], {
      inbound_id: id,
      email: row.lead_email,
      from: row.from_email,
      sequence_id: seq?.id ?? null,
      message_id: row.our_message_id,
      reply_message_id: row.message_id,
      subject: row.subject,
      snippet: activity?.snippet ?? '',
      ...(activity?.bounce ? { bounce: activity.bounce } : {}),
    }).catch((err: unknown) => this.log(err, 'inbound event not announced'));
  }

  private async ignore(row: NewInbound, why: string): Promise<InboundOutcome> {
    // Only enough to recognise it again: a stranger's mail is none of the workspace's business.
    const id = await this.store.inbox.record(
      { ...row, kind: 'ignored', subject: '', snippet: '', matched: why },
      { now: Number(row.received_at) },
      () => 'None: not a message of our campaigns.',
    );
    return id === undefined ? { status: 'duplicate' } : { status: 'ignored', id, kind: 'ignored' };
  }

  private async require(p: Principal, id: string): Promise<InboundRecord> {
    const row = await this.store.inbox.get(p.workspaceId, id);
    if (!row) throw notFound('inbound message', id);
    return row;
  }
}

/** Whether a correction does less than the verdict it replaces did (so something it did stays done). */
function doesLess(before: InboundRecord, after: InboundPlan): boolean {
  const stoppedBefore = before.kind === 'reply' || (before.kind === 'bounce' && before.severity === 'hard');
  return stoppedBefore && after.writes.stop === undefined;
}

/** The verdict on a message that cannot be parsed: not ours, with the parser's words. */
function unreadable(err: unknown): InboundVerdict {
  const words = err instanceof Error ? err.message : String(err);
  return {
    kind: 'reply',
    reason: `unreadable: ${words}`,
    refersTo: [],
    from: '',
    subject: '',
    messageId: '',
    snippet: '',
  };
}
