import { Type, type Static, type TInteger } from '@sinclair/typebox';

/** What each count of a forecast's `held_back` counts, in words a user acts on (the dashboard shows them). */
export const HELD_BACK_REASONS = {
  paused: 'the sequence is not running',
  window: 'outside the sending window',
  cap: "over the senders' daily caps",
  gap: "waiting for the senders' gap",
  needs_attention: 'no active sender (paused or needs attention)',
  missing_variable: 'a template variable has no value for the lead',
  other: 'other reasons',
} as const;
export type HeldBackReason = keyof typeof HELD_BACK_REASONS;

const heldBack = Object.fromEntries(
  Object.entries(HELD_BACK_REASONS).map(([reason, description]) => [reason, Type.Integer({ minimum: 0, description })]),
) as Record<HeldBackReason, TInteger>;

/** One sender's day, as the forecast tells it. */
export const SenderForecast = Type.Object({
  sender_id: Type.String(),
  email: Type.String(),
  status: Type.String(),
  status_reason: Type.String(),
  daily_cap: Type.Integer(),
  sent_today: Type.Integer(),
  remaining_today: Type.Integer(),
  will_send_today: Type.Integer({
    description: "how many of this sequence's due emails it can still send today, within its window, cap and gap",
  }),
  next_send_at: Type.String({ description: 'ISO time of its next send, or "" when it will not send' }),
  limited_by: Type.String({ description: 'what stops it sending more today, or ""' }),
});
export type SenderForecast = Static<typeof SenderForecast>;

/** "Why isn't it sending?": today's numbers per sender, and what holds the rest back (`GET /sequences/:id/forecast`). */
export const SequenceForecast = Type.Object({
  sequence_id: Type.String(),
  status: Type.String(),
  now: Type.String(),
  due_now: Type.Integer(),
  due_today: Type.Integer(),
  will_send_today: Type.Integer(),
  senders: Type.Array(SenderForecast),
  held_back: Type.Object(heldBack),
  held_reasons: Type.Array(Type.Object({ reason: Type.String(), leads: Type.Integer() })),
  summary: Type.String(),
});
export type SequenceForecast = Static<typeof SequenceForecast>;
