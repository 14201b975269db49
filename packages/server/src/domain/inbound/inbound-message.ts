import { simpleParser, type ParsedMail, type StructuredHeader } from 'mailparser';

/** A parsed message reduced to what the classification rules read. */
export interface InboundMessage {
  /** header values by lower-cased name, first occurrence, unfolded and undecoded */
  headers: ReadonlyMap<string, string>;
  from: string;
  fromName: string;
  /** decoded (encoded words resolved) */
  subject: string;
  messageId: string;
  /** e.g. 'multipart/report', lower-cased */
  contentType: string;
  /** the `report-type` parameter of a multipart/report, lower-cased, else '' */
  reportType: string;
  inReplyTo: string;
  references: string[];
  /** the decoded text: the text/plain parts, or text made from the HTML; '' when there is none */
  text: string;
  /** everything after the top-level header block, undecoded, with LF line ends */
  body: string;
  /** attached parts (mailparser's view), content as text */
  attachments: { contentType: string; content: string }[];
}

/** The top-level header values, from the raw lines so that nothing mailparser reshapes gets lost. */
function headerMap(parsed: ParsedMail): Map<string, string> {
  const headers = new Map<string, string>();
  for (const { key, line } of parsed.headerLines) {
    if (headers.has(key)) continue;
    const value = line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ');
    headers.set(key, value.trim());
  }
  return headers;
}

function contentTypeOf(parsed: ParsedMail): { contentType: string; reportType: string } {
  const value = parsed.headers.get('content-type');
  if (typeof value !== 'object' || value === null || !('params' in value)) return { contentType: '', reportType: '' };
  const { value: type, params } = value as StructuredHeader;
  return { contentType: type.toLowerCase(), reportType: (params['report-type'] ?? '').toLowerCase() };
}

/** The body after the top-level header block (a blank line ends it). */
function bodyOf(source: string): string {
  const lf = source.replace(/\r\n/g, '\n');
  const end = lf.indexOf('\n\n');
  return end === -1 ? '' : lf.slice(end + 2);
}

/** Parses raw RFC 822 bytes with mailparser. */
export async function readInboundMessage(raw: Buffer | string): Promise<InboundMessage> {
  const parsed = await simpleParser(raw);
  const sender = parsed.from?.value[0];
  const references = parsed.references ?? [];
  return {
    headers: headerMap(parsed),
    from: (sender?.address ?? '').toLowerCase(),
    fromName: sender?.name ?? '',
    subject: parsed.subject ?? '',
    messageId: parsed.messageId ?? '',
    ...contentTypeOf(parsed),
    inReplyTo: parsed.inReplyTo ?? '',
    references: Array.isArray(references) ? references : [references],
    text: parsed.text ?? '',
    body: bodyOf(typeof raw === 'string' ? raw : raw.toString('utf8')),
    attachments: parsed.attachments.map((a) => ({ contentType: a.contentType, content: a.content.toString('utf8') })),
  };
}
