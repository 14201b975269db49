// Finding SMTP status codes in the free text of a delivery report.

import type { BounceSeverity } from './inbound-verdict.js';

/** A status code found in text: where it starts and what it says. */
export interface StatusInText {
  /** the enhanced code ('5.1.1'), or '' when only a basic reply code ('550') was found */
  status: string;
  /** the first digit: '4' transient, '5' permanent */
  statusClass: '4' | '5';
  /** the code as written, e.g. '550 5.1.1', '5.0.0' or '550' */
  written: string;
  index: number;
}

// Digits around a code must not belong to it: "192.0.2.8" is an address, "5.1.1.2" no status code.
const ENHANCED = String.raw`(?<![\d.])[45]\.\d{1,3}\.\d{1,3}(?!\.?\d)`;
const REPLY = String.raw`(?<![\w.\-[])[45][0-5]\d`;
// In order of trust: a reply with its enhanced code ("550 5.1.1", "550-5.1.1", "#550 5.1.1"), a bare
// enhanced code ("#5.0.0", "Status 4.4.7"), a bare reply code ("550 Host unknown").
const PATTERNS = [
  new RegExp(`${REPLY}[ -]#?(${ENHANCED})`),
  new RegExp(`(${ENHANCED})`),
  new RegExp(`(${REPLY})(?=[ -]\\D)`),
];

/** The most telling failure status code in `text`, or null when it has none. */
export function statusInText(text: string): StatusInText | null {
  for (const [i, pattern] of PATTERNS.entries()) {
    const found = pattern.exec(text);
    if (!found) continue;
    const code = found[1]!;
    return { status: i < 2 ? code : '', statusClass: code[0] as '4' | '5', written: found[0], index: found.index };
  }
  return null;
}

/** 4.x.x and 4xx are transient (soft); 5.x.x and 5xx permanent (hard). */
export const severityOfClass = (statusClass: '4' | '5'): BounceSeverity => (statusClass === '4' ? 'soft' : 'hard');

/** A more precise code from the diagnostic when the status is a generic x.0.0 of the same class. */
export function preciseStatus(status: string, diagnostic: string): string {
  if (!/^\d\.0\.0$/.test(status)) return status;
  const inDiagnostic = statusInText(diagnostic);
  return inDiagnostic?.status && inDiagnostic.statusClass === status[0] ? inDiagnostic.status : status;
}
