import type { MailFailure } from '../app/ports.js';

/** The parts of a nodemailer error that say what went wrong. */
interface SmtpErrorLike {
  code?: unknown;
  responseCode?: unknown;
  response?: unknown;
  command?: unknown;
  message?: unknown;
}

// 530 (authentication required, or STARTTLS first), 534 (mechanism too weak), 535 (credentials refused):
// the sender's settings are wrong, so every message from it would fail the same way.
const AUTH_REPLY_CODES = new Set([530, 534, 535]);
// Failures that happen before a message could be sent, and that no retry can change.
const LOCAL_CODES = new Set(['ECONFIG', 'EENVELOPE', 'EFILEACCESS', 'EURLACCESS', 'EMAXRECIPIENTS']);
const MAX_RESPONSE = 1000;

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** The server's words when it answered, else the error's own description. */
function wordsOf(e: SmtpErrorLike): string {
  const words = text(e.response) ?? text(e.message) ?? 'unknown error';
  return words.length > MAX_RESPONSE ? `${words.slice(0, MAX_RESPONSE)}…` : words;
}

/**
 * Turns whatever nodemailer threw into an outcome: auth (530/534/535 or a refused login), permanent
 * (5xx but 503, which only says the session was out of step), transient (4xx, network, timeouts,
 * anything unknown: retrying is safe), invalid (refused before sending).
 */
export function classifySmtpError(err: unknown): MailFailure {
  const e: SmtpErrorLike = typeof err === 'object' && err !== null ? err : { message: String(err) };
  const reply = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const command = text(e.command);
  const base = {
    ok: false as const,
    response: wordsOf(e),
    ...(reply !== undefined ? { code: reply } : {}),
    ...(command ? { command } : {}),
  };
  if (reply !== undefined && AUTH_REPLY_CODES.has(reply)) return { ...base, kind: 'auth' };
  if (e.code === 'EAUTH' || e.code === 'ENOAUTH') {
    return { ...base, kind: reply !== undefined && reply < 500 ? 'transient' : 'auth' };
  }
  if (reply !== undefined && reply >= 500 && reply < 600 && reply !== 503) return { ...base, kind: 'permanent' };
  if (reply === undefined && typeof e.code === 'string' && LOCAL_CODES.has(e.code)) return { ...base, kind: 'invalid' };
  return { ...base, kind: 'transient' };
}
