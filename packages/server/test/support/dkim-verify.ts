import { createHash, createVerify, type KeyObject } from 'node:crypto';

// An independent DKIM check (RFC 6376, rsa-sha256, relaxed/relaxed), written for the tests so that a
// signature made by nodemailer is verified by code that is not nodemailer's.

/** The result of checking one message's DKIM-Signature. */
export interface DkimCheck {
  ok: boolean;
  /** why it failed, '' when it passed */
  reason: string;
  tags: Record<string, string>;
  /** the header names the signature covers, lower-case, in order */
  signedHeaders: string[];
}

interface HeaderField {
  name: string;
  /** the whole field as received, folding included, without the final CRLF */
  raw: string;
}

function splitMessage(raw: string): { headers: HeaderField[]; body: string } {
  const text = raw.replace(/\r?\n/g, '\r\n');
  const end = text.indexOf('\r\n\r\n');
  const head = end === -1 ? text : text.slice(0, end);
  const body = end === -1 ? '' : text.slice(end + 4);
  const headers: HeaderField[] = [];
  for (const line of head.split('\r\n')) {
    const last = headers[headers.length - 1];
    if (/^[ \t]/.test(line) && last) last.raw += `\r\n${line}`;
    else headers.push({ name: line.slice(0, line.indexOf(':')).trim().toLowerCase(), raw: line });
  }
  return { headers, body };
}

/** Relaxed header canonicalisation (RFC 6376 §3.4.2). */
function relaxedHeader(field: HeaderField): string {
  const value = field.raw
    .slice(field.raw.indexOf(':') + 1)
    .replace(/\r\n/g, '')
    .replace(/[ \t]+/g, ' ')
    .trim();
  return `${field.name}:${value}`;
}

/** Relaxed body canonicalisation (RFC 6376 §3.4.4). */
export function relaxedBody(body: string): string {
  const lines = body.split('\r\n').map((l) => l.replace(/[ \t]+/g, ' ').replace(/ $/, ''));
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.length === 0 ? '' : `${lines.join('\r\n')}\r\n`;
}

function parseTags(value: string): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const part of value.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    tags[part.slice(0, eq).trim()] = part.slice(eq + 1).replace(/\s+/g, '');
  }
  return tags;
}

/** Verifies the (first) DKIM-Signature of `raw` with `publicKey`. */
export function verifyDkim(raw: string, publicKey: KeyObject): DkimCheck {
  const { headers, body } = splitMessage(raw);
  const sigField = headers.find((h) => h.name === 'dkim-signature');
  if (!sigField) return { ok: false, reason: 'no DKIM-Signature header', tags: {}, signedHeaders: [] };
  const tags = parseTags(sigField.raw.slice(sigField.raw.indexOf(':') + 1));
  const signedHeaders = (tags['h'] ?? '').split(':').map((h) => h.trim().toLowerCase());
  const fail = (reason: string): DkimCheck => ({ ok: false, reason, tags, signedHeaders });
  if (tags['v'] !== '1') return fail(`v=${tags['v']}`);
  if (tags['a'] !== 'rsa-sha256') return fail(`a=${tags['a']}`);
  if (tags['c'] !== 'relaxed/relaxed') return fail(`c=${tags['c']}`);

  const bodyHash = createHash('sha256').update(relaxedBody(body), 'utf8').digest('base64');
  if (bodyHash !== tags['bh']) return fail(`body hash ${bodyHash} differs from bh=${tags['bh']}`);

  // Each name in h= takes the next instance of that header from the bottom (RFC 6376 §5.4.2).
  const used = new Map<string, number>();
  const lines: string[] = [];
  for (const name of signedHeaders) {
    const instances = headers.filter((h) => h.name === name && h !== sigField);
    const n = used.get(name) ?? 0;
    used.set(name, n + 1);
    const field = instances[instances.length - 1 - n];
    if (field) lines.push(`${relaxedHeader(field)}\r\n`);
  }
  const withoutB: HeaderField = { name: 'dkim-signature', raw: sigField.raw.replace(/(^|;)(\s*b\s*=)[^;]*/, '$1$2') };
  const data = lines.join('') + relaxedHeader(withoutB);
  const verifier = createVerify('RSA-SHA256');
  verifier.update(data, 'utf8');
  const ok = verifier.verify(publicKey, tags['b'] ?? '', 'base64');
  return ok ? { ok, reason: '', tags, signedHeaders } : fail('the RSA signature does not verify');
}
