// Shapes the server answers for a sequence's leads, messages, stats and forecast. Those not in
// `@blinkpost/contract` yet are written here; when they move there, these become re-exports.

/** A lead of a sequence and where it stands. */
export interface SequenceLead {
  id: string;
  Email: string;
  First_Name: string;
  Last_Name: string;
  /** the enrollment: active, held, completed, stopped or uncertain */
  status: string;
  lead_status: string;
  /** why it is held or stopped; "" otherwise */
  reason: string;
  next_step: number;
  /** Unix ms; 0 when nothing is due */
  next_send_at: number;
  sender_id: string;
  enrolled_at: string;
}

/** A page of a sequence's leads. */
export interface SequenceLeadsPage {
  data: SequenceLead[];
  total: number;
  skip: number;
  limit: number;
}

/** One message a sequence sent, or tried to send, to a lead. */
export interface SequenceLeadMessage {
  id: string;
  message_id: string;
  step: number;
  subject: string;
  /** sending, retry, sent, failed or uncertain */
  status: string;
  error: string;
  attempts: number;
  sender_id: string;
  to: string;
  /** Unix ms */
  reserved_at: number;
  /** Unix ms; 0 until sent */
  sent_at: number;
}

/** A sequence's numbers: its activity counted, leads and messages by state, and per step. */
export type { SequenceStats } from '@blinkpost/contract';

/** "Why isn't it sending?": today's sends per sender and what holds the rest back. */
export type { SenderForecast, SequenceForecast } from '@blinkpost/contract';
