/** What an inbound message that belongs to a campaign turned out to be. */
export type InboundKind = 'bounce' | 'auto_reply' | 'reply';

/** 'hard': the address will never work (5.x.x); 'soft': it may work later (4.x.x, delays, expiry). */
export type BounceSeverity = 'hard' | 'soft';

/** What a delivery failure says about the failed address. */
export interface BounceDetail {
  severity: BounceSeverity;
  /** enhanced status code (RFC 3463) such as '5.1.1', or '' when the report gives none */
  status: string;
  /** the address that failed, lower-cased, or '' when the report does not say */
  recipient: string;
  /** the receiving server's words (Diagnostic-Code or the SMTP reply quoted in the text) */
  diagnostic: string;
}

/** The classification of one inbound message, with the rule that decided it. */
export interface InboundVerdict {
  kind: InboundKind;
  /** present for bounces only */
  bounce?: BounceDetail;
  /** one sentence naming the rule that fired and what it saw */
  reason: string;
  /** Message-IDs this message points at (In-Reply-To, References, the original inside a bounce), as `<id@host>` */
  refersTo: string[];
  /** the sender address, lower-cased */
  from: string;
  subject: string;
  messageId: string;
  /** the start (≤ 200 characters) of the new text, quotes and signature left out, whitespace collapsed */
  snippet: string;
}
