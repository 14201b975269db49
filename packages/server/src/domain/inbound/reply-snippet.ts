// The new words of a reply: quoted text, attribution lines and signatures left out.
import { cutText } from '../cut-text.js';

const SNIPPET_LENGTH = 200;

// Everything after these lines is the quoted original or a signature.
const END_OF_NEW_TEXT = [
  /^-{2,}\s*(?:original message|forwarded message|ursprüngliche nachricht|message d'origine|mensaje original|messaggio originale|oorspronkelijk bericht|mensagem original|wiadomość oryginalna|originalmeddelande|исходное сообщение)\s*-{2,}\s*$/i,
  /^_{10,}\s*$/, // Outlook's rule above the quoted header block
  /^begin forwarded message:/i,
  /^--\s*$/, // the signature separator "-- "
  /^(?:sent from my |get outlook for |sent from (?:mail|outlook) for |envoyé de mon |enviado desde mi |inviato da |von meinem .* gesendet)/i,
];

// Outlook quotes with a header block: "From: …" followed within three lines by "Sent: …" (or a translation).
const QUOTED_FROM = /^\*?(?:from|von|de|da|van|från|fra|od|от)\s*:\*?\s/i;
const QUOTED_SENT =
  /^\*?(?:sent|date|gesendet|datum|envoyé|enviado|fecha|inviato|data|verzonden|skickat|sendt|wysłano|отправлено)\s*:/i;

// "On Mon, 2 Apr 2012, Bob <bob@example.com> wrote:", possibly wrapped over up to three lines.
const ATTRIBUTION_END =
  /(?:wrote|writes|schrieb|a écrit|escribió|ha scritto|schreef|escreveu|skrev|napisał\(a\)|napisał|написала?|kirjoitti)\s*:\s*$/i;
const ATTRIBUTION_START = /^(?:on|am|le|el|il|op|em|den|w dniu|в)\s|^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}/i;

function startsOutlookQuote(lines: string[], i: number): boolean {
  return QUOTED_FROM.test(lines[i]!) && lines.slice(i + 1, i + 4).some((line) => QUOTED_SENT.test(line.trim()));
}

/** Drops the lines before an attribution's "wrote:" line that belong to it (at most two, no blank between). */
function dropAttributionStart(kept: string[]): void {
  for (let back = 1; back <= 2 && back <= kept.length; back++) {
    const line = kept[kept.length - back]!.trim();
    if (line === '') return;
    if (ATTRIBUTION_START.test(line)) {
      kept.splice(kept.length - back);
      return;
    }
  }
}

/** The new text of a message: quoted lines (`>`) and attributions dropped, stopping at a quoted original or a signature. */
function newText(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (END_OF_NEW_TEXT.some((end) => end.test(line)) || startsOutlookQuote(lines, i)) break;
    if (line.startsWith('>')) continue;
    if (ATTRIBUTION_END.test(line)) {
      if (!ATTRIBUTION_START.test(line)) dropAttributionStart(kept);
      continue;
    }
    kept.push(raw);
  }
  return kept.join('\n');
}

/** The first 200 characters of the new text, whitespace collapsed. */
export const replySnippet = (text: string): string =>
  cutText(newText(text).replace(/\s+/g, ' ').trim(), SNIPPET_LENGTH);
