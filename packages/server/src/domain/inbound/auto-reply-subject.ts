// Subjects that out-of-office replies and autoresponders use, in the languages our senders meet most.
const PHRASES = [
  // English
  'out of (?:the )?office',
  'automatic reply',
  'auto[- ]?reply',
  'auto[- ]?response',
  'automatic response',
  'away from',
  'on vacation',
  'on holiday',
  'thank you for your (?:e-?mail|message)',
  // German
  'abwesenheitsnotiz',
  'automatische antwort',
  // French
  'absence du bureau',
  'réponse automatique',
  "message d'absence",
  // Spanish
  'respuesta automática',
  'fuera de la oficina',
  // Italian
  'risposta automatica',
  'fuori sede',
  'fuori ufficio',
  // Dutch
  'automatisch antwoord',
  'afwezig',
  // Portuguese
  'resposta automática',
  'ausência',
  // Polish
  'automatyczna odpowiedź',
  // Swedish
  'frånvaro',
  'automatiskt svar',
  // Danish and Norwegian
  'fraværende',
  'ikke til stede',
  'automatisk svar',
  // Japanese, Chinese, Russian
  '自動返信',
  '自动回复',
  '自動回覆',
  'автоответ',
  'автоматический ответ',
];

const ALTERNATIVES = PHRASES.join('|');
// At the start ("Automatic reply: …", "[Automatyczna odpowiedź] …") or in brackets ("Re: offer (Auto-Reply)").
// "Re: out of office next week" from a person is left alone.
const AT_START = new RegExp(`^[\\s[(]*(${ALTERNATIVES})`, 'iu');
const IN_BRACKETS = new RegExp(`[[(]\\s*(${ALTERNATIVES})[^\\])]*[\\])]`, 'iu');

/** The auto-reply phrase the subject starts with (or holds in brackets), or null. */
export function autoReplySubjectPhrase(subject: string): string | null {
  const found = AT_START.exec(subject) ?? IN_BRACKETS.exec(subject);
  return found?.[1] ?? null;
}

/** Weaker hints of a machine-written subject, trusted only next to a Precedence header. */
export const looksAutomated = (subject: string): boolean =>
  autoReplySubjectPhrase(subject) !== null ||
  /\b(?:thanks? (?:you )?for|we (?:have )?received|received your|auto(?:matic)?|vacation|holiday|absent|away)\b/i.test(
    subject,
  );
