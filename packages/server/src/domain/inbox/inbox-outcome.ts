import type { InboxOutcome } from '@blinkpost/contract';

/**
 * Words in an automatic answer's subject or text that make it an out-of-office rather than another
 * automatic response (lower case, ASCII: the store matches them with `lower(...) like`).
 */
export const OUT_OF_OFFICE_WORDS = [
  'out of office',
  'out of the office',
  'on vacation',
  'on holiday',
  'on leave',
  'away from',
  'travelling',
  'traveling',
  'abwesen',
  'absence',
  'fuera de la oficina',
  'fuori ufficio',
  'fuori sede',
] as const;

/** The outcome a conversation has until a person sets one: auto-replies are labelled, the rest are not. */
export function defaultOutcome(kind: string, subject: string, snippet: string): InboxOutcome | '' {
  if (kind !== 'auto_reply') return '';
  const words = `${subject} ${snippet}`.toLowerCase();
  return OUT_OF_OFFICE_WORDS.some((w) => words.includes(w)) ? 'out-of-office' : 'automatic-response';
}
