// What an inbound message of a campaign does to its lead and sequence, from the sequence's settings.
// Pure: the inbox service applies the result in one transaction.
import { SEQUENCE_DEFAULTS } from '../sequence-rules.js';
import type { BounceSeverity, InboundKind } from './inbound-verdict.js';

/** What a sequence's settings say about replies and bounces (SalesBlink's names, defaults filled in). */
export interface ReplyRules {
  /** `stopWhenReplyRecieved` */
  stopOnReply: boolean;
  /** `stopWhenReplyRecievedWhen`: the person who replied, or everyone at their domain */
  stopScope: 'contact' | 'domain';
  /** `checkEmailReply`: false leaves replies and auto-replies unrecorded */
  checkReplies: boolean;
  /** `bounceThreshold`; below 1 counts as 1 */
  bounceThreshold: number;
  /** `bouncePause` */
  bouncePause: boolean;
}

const flag = (v: unknown, fallback: boolean): boolean => (typeof v === 'boolean' ? v : fallback);

/** The reply and bounce rules of a sequence's stored settings. */
export function replyRulesOf(settings: Record<string, unknown>): ReplyRules {
  const threshold = settings['bounceThreshold'];
  return {
    stopOnReply: flag(settings['stopWhenReplyRecieved'], SEQUENCE_DEFAULTS.stopWhenReplyRecieved),
    stopScope: settings['stopWhenReplyRecievedWhen'] === 'contact-with-same-domain' ? 'domain' : 'contact',
    checkReplies: flag(settings['checkEmailReply'], SEQUENCE_DEFAULTS.checkEmailReply),
    bounceThreshold: Math.max(1, typeof threshold === 'number' ? threshold : SEQUENCE_DEFAULTS.bounceThreshold),
    bouncePause: flag(settings['bouncePause'], SEQUENCE_DEFAULTS.bouncePause),
  };
}

// Mailbox providers shared by the public: everyone at gmail.com is not one company.
const PUBLIC_MAIL_DOMAINS = new Set([
  'gmail.com',
  'googlemail.com',
  'yahoo.com',
  'ymail.com',
  'rocketmail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'msn.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'pm.me',
  'gmx.com',
  'gmx.de',
  'gmx.net',
  'web.de',
  't-online.de',
  'mail.com',
  'zoho.com',
  'yandex.ru',
  'yandex.com',
  'mail.ru',
  'qq.com',
  '163.com',
  '126.com',
  'fastmail.com',
  'hey.com',
  'orange.fr',
  'free.fr',
  'laposte.net',
  'libero.it',
]);

/** Whether a domain is a public mailbox provider (gmail.com, yahoo.co.uk, …) rather than an organisation's. */
export function isPublicMailDomain(domain: string): boolean {
  const d = domain.toLowerCase();
  return PUBLIC_MAIL_DOMAINS.has(d) || /^(?:yahoo|hotmail|outlook|live)\.[a-z.]+$/.test(d);
}

/** Whether a subject asks to unsubscribe: our List-Unsubscribe mailto sets exactly "unsubscribe". */
export const asksToUnsubscribe = (subject: string): boolean => /^\s*unsubscribe\b/i.test(subject);

/** The kind an inbound message counts as, and for a bounce how bad it is. */
export interface InboundJudgement {
  kind: InboundKind;
  severity?: BounceSeverity | undefined;
  /** for a bounce: the status code and the server's words */
  status?: string | undefined;
  diagnostic?: string | undefined;
}

/** What one inbound message of a campaign does. */
export interface InboundEffects {
  /** the activity row it makes: in /replies, counted as a reply only when `reply` */
  activity: 'reply' | 'auto_reply' | 'bounce';
  /** the status the lead's address gets */
  leadStatus?: 'replied' | 'bounced';
  /** the pending enrollments of the workspace that stop: the lead's address, or its whole domain */
  stop?: { scope: 'contact' | 'domain'; domain: string; reason: string };
  countsTowardBounces: boolean;
  /** the reply asks to unsubscribe */
  unsubscribe: boolean;
  /** said when the sequence's domain-wide stop was narrowed to the person */
  note?: string;
}

const domainOf = (email: string): string => email.slice(email.lastIndexOf('@') + 1).toLowerCase();

/** Decides what an inbound message does to the lead `leadEmail` under the sequence's rules. */
export function inboundEffects(
  j: InboundJudgement,
  ctx: { leadEmail: string; from: string; subject: string; rules: ReplyRules },
): InboundEffects {
  const domain = domainOf(ctx.leadEmail);
  if (j.kind === 'auto_reply') return { activity: 'auto_reply', countsTowardBounces: false, unsubscribe: false };
  if (j.kind === 'bounce') {
    if (j.severity !== 'hard') return { activity: 'bounce', countsTowardBounces: false, unsubscribe: false };
    const words = [j.status, j.diagnostic].filter((w) => w).join(' ');
    return {
      activity: 'bounce',
      leadStatus: 'bounced',
      stop: { scope: 'contact', domain, reason: words ? `bounced: ${words}` : 'bounced' },
      countsTowardBounces: true,
      unsubscribe: false,
    };
  }
  const unsubscribe = asksToUnsubscribe(ctx.subject);
  if (!ctx.rules.stopOnReply) return { activity: 'reply', countsTowardBounces: false, unsubscribe };
  const publicDomain = ctx.rules.stopScope === 'domain' && isPublicMailDomain(domain);
  const scope = ctx.rules.stopScope === 'domain' && !publicDomain ? 'domain' : 'contact';
  return {
    activity: 'reply',
    leadStatus: 'replied',
    stop: {
      scope,
      domain,
      reason: scope === 'domain' ? `replied: ${ctx.from} at ${domain}` : `replied: ${ctx.from}`,
    },
    countsTowardBounces: false,
    unsubscribe,
    ...(publicDomain ? { note: `${domain} is a public mail provider, so only this lead stopped` } : {}),
  };
}
