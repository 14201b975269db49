import type { WebhookEvent } from '@blinkpost/contract';
import { emailKey } from '../domain/email-address.js';
import {
  inboundEffects,
  type InboundEffects,
  type InboundJudgement,
  type ReplyRules,
} from '../domain/inbound/inbound-effects.js';
import type { InboundWrites, OurMessage } from '../store/inbox.repo.js';

// Lead statuses an inbound verdict may replace; a correction may also replace what the wrong verdict set.
const OPEN_STATUSES = ['not_contacted', 'contacted', 'opened', 'clicked'];
const CORRECTABLE_STATUSES = [...OPEN_STATUSES, 'replied', 'bounced'];

/** The webhook event of each kind of inbound activity. */
export const EVENT_OF: Record<InboundEffects['activity'], WebhookEvent> = {
  reply: 'replied',
  auto_reply: 'auto_replied',
  bounce: 'bounced',
};

/** What the inbox knows of one inbound message of a campaign when it plans its writes. */
export interface PlanInput {
  judgement: InboundJudgement;
  ours: OurMessage;
  workspaceId: string;
  senderEmail: string;
  from: string;
  subject: string;
  snippet: string;
  replyMessageId: string;
  sent: { step: number; templateName: string } | undefined;
  rules: ReplyRules;
  receivedAt: number;
  now: number;
  /** a person's correction: it may replace the status the wrong verdict gave the lead */
  correcting: boolean;
}

/** The writes an inbound verdict makes, with the sentence saying what they did. */
export interface InboundPlan {
  effects: InboundEffects;
  writes: InboundWrites;
  /** what was done, once the number of stopped enrollments is known */
  describe: (stopped: number) => string;
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** Turns a verdict on one of our messages into the rows to write and the sentence that explains them. */
export function planInbound(i: PlanInput): InboundPlan {
  const leadEmail = i.ours.toEmail;
  const effects = inboundEffects(i.judgement, { leadEmail, from: i.from, subject: i.subject, rules: i.rules });
  const { severity, status = '', diagnostic = '' } = i.judgement;
  const bounce = effects.activity === 'bounce';
  const writes: InboundWrites = {
    now: i.now,
    activity: {
      workspace_id: i.workspaceId,
      kind: bounce ? 'bounce' : 'reply',
      time: i.receivedAt,
      sequence_id: i.ours.sequenceId,
      lead_id: i.ours.leadId,
      recipient_email: leadEmail,
      subject: i.subject,
      step: i.sent?.step ?? 0,
      template_name: i.sent?.templateName ?? '',
      sender_email: i.senderEmail,
      message_id: i.ours.messageId,
      snippet: bounce ? [status, diagnostic].filter((w) => w).join(' ') : i.snippet,
      auto_reply: effects.activity === 'auto_reply' ? 1 : 0,
      reply_message_id: i.replyMessageId,
      bounce: bounce ? (severity ?? 'hard') : '',
    },
    leadStatus: effects.leadStatus && {
      workspaceId: i.workspaceId,
      emailKey: emailKey(leadEmail),
      status: effects.leadStatus,
      from: i.correcting ? CORRECTABLE_STATUSES : OPEN_STATUSES,
    },
    stop: effects.stop && {
      workspaceId: i.workspaceId,
      emailKey: emailKey(leadEmail),
      domain: effects.stop.scope === 'domain' ? effects.stop.domain : undefined,
      reason: effects.stop.reason,
    },
  };
  const describe = (stopped: number): string => {
    const parts = [
      {
        reply: 'Counted as a reply',
        auto_reply: 'Recorded as an auto-reply, not counted; the lead goes on',
        bounce: severity === 'hard' ? 'Recorded as a hard bounce' : 'Recorded as a soft bounce; the lead goes on',
      }[effects.activity],
    ];
    if (effects.activity === 'reply' && !i.rules.stopOnReply)
      parts.push('stopWhenReplyRecieved is off, so the lead goes on');
    if (effects.leadStatus) parts.push(`${leadEmail} marked ${effects.leadStatus}`);
    if (effects.stop) {
      const whom = effects.stop.scope === 'domain' ? `everyone at ${effects.stop.domain}` : leadEmail;
      parts.push(`${plural(stopped, 'pending enrollment')} of ${whom} stopped ("${effects.stop.reason}")`);
    }
    if (effects.note) parts.push(effects.note);
    return `${parts.join('; ')}.`;
  };
  return { effects, writes, describe };
}
