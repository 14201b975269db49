import {
  TEMPORARY_PHRASE,
  bounceSignals,
  failedRecipient,
  noticeText,
  paragraphFrom,
  saysDeliveryFailed,
} from './bounce-notice.js';
import { deliveryStatusPart, parseDeliveryStatus, type DsnRecipient } from './delivery-status.js';
import type { InboundMessage } from './inbound-message.js';
import type { BounceDetail, BounceSeverity } from './inbound-verdict.js';
import { preciseStatus, severityOfClass, statusInText } from './status-code.js';

/** A bounce and the sentence saying which rule found it. */
export interface BounceFinding {
  bounce: BounceDetail;
  reason: string;
}

const forRecipient = (recipient: string): string => (recipient ? ` for ${recipient}` : '');

/** How bad one recipient's failure is; null when the block reports no failure (delivered, relayed…). */
function dsnSeverity(r: DsnRecipient): BounceSeverity | null {
  if (r.action === 'delayed') return 'soft';
  if (r.action !== 'failed' && r.action !== '') return null;
  const statusClass = r.status[0] ?? statusInText(r.diagnostic)?.statusClass;
  if (statusClass === '4' || statusClass === '5') return severityOfClass(statusClass);
  return r.action === 'failed' ? 'hard' : null;
}

/**
 * RFC 3464: the per-recipient fields decide, the worst failure first; the text fills in what the
 * fields leave out. Null when every recipient was delivered (a success report is no bounce).
 */
function fromDeliveryStatus(message: InboundMessage, recipients: DsnRecipient[]): BounceFinding | null {
  const failures = recipients.flatMap((r) => {
    const severity = dsnSeverity(r);
    return severity ? [{ ...r, severity }] : [];
  });
  const worst = failures.find((r) => r.severity === 'hard') ?? failures[0];
  if (!worst) return null;
  const notice = noticeText(message);
  const status = preciseStatus(worst.status, worst.diagnostic);
  const recipient = worst.recipient || failedRecipient(message, notice);
  const quoted = statusInText(notice);
  const diagnostic = worst.diagnostic || (quoted ? paragraphFrom(notice, quoted.index) : '');
  const action = worst.action ? ` (Action: ${worst.action})` : '';
  return {
    bounce: { severity: worst.severity, status, recipient, diagnostic },
    reason: `RFC 3464 delivery status notification: Status ${status || 'none'}${action}${forRecipient(recipient)}`,
  };
}

/**
 * A bounce read from its text: the status code it quotes decides; without one, words such as
 * "delayed" or "mailbox full" make it soft, and anything else is taken as permanent.
 */
function fromNotice(message: InboundMessage, rule: string): BounceFinding {
  const notice = noticeText(message);
  const recipient = failedRecipient(message, notice);
  const lead = `${rule}${forRecipient(recipient)}`;
  const code = statusInText(notice);
  if (code) {
    const diagnostic = paragraphFrom(notice, code.index);
    return {
      bounce: { severity: severityOfClass(code.statusClass), status: code.status, recipient, diagnostic },
      reason: `${lead}: the text gives ${code.written}`,
    };
  }
  const at = recipient ? notice.toLowerCase().indexOf(recipient) : -1;
  const diagnostic = at === -1 ? '' : paragraphFrom(notice, at + recipient.length);
  const temporary = TEMPORARY_PHRASE.exec(notice);
  return {
    bounce: { severity: temporary ? 'soft' : 'hard', status: '', recipient, diagnostic },
    reason: temporary
      ? `${lead}: no status code, but '${temporary[0]}' in the text means a temporary failure`
      : `${lead}: no status code and nothing saying the failure is temporary, so taken as permanent`,
  };
}

/** Whether the message is a delivery failure report, and what it says; null when it is not one. */
export function findBounce(message: InboundMessage): BounceFinding | null {
  if (message.contentType === 'multipart/report' && message.reportType.endsWith('delivery-status')) {
    const part = deliveryStatusPart(message.body);
    const recipients = part === null ? [] : parseDeliveryStatus(part);
    if (recipients.length > 0) return fromDeliveryStatus(message, recipients);
    return fromNotice(message, 'RFC 3464 report with no readable delivery-status part');
  }
  const signals = bounceSignals(message);
  if (signals.length === 0) return null;
  // One sign alone (a postmaster writing by hand) is not enough without failure words in the text.
  const notice = noticeText(message);
  if (signals.length === 1 && !saysDeliveryFailed(notice) && !statusInText(notice)) return null;
  return fromNotice(message, `Bounce notice (${signals.join(', ')})`);
}
