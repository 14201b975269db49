// RFC 3464 delivery status notifications: the machine-readable message/delivery-status part.

/** One per-recipient block of a message/delivery-status part. */
export interface DsnRecipient {
  /** Final-Recipient (or Original-Recipient when that one is unusable), without the `rfc822;` type */
  recipient: string;
  /** lower-cased: failed, delayed, delivered, relayed, expanded, or '' */
  action: string;
  /** the enhanced status code, e.g. '5.1.1', or '' */
  status: string;
  /** Diagnostic-Code without its type, whitespace collapsed */
  diagnostic: string;
}

const PART_HEADER = /^content-type:[ \t]*message\/(?:global-)?delivery-status\b/im;
const ENHANCED_STATUS = /\b[245]\.\d{1,3}\.\d{1,3}\b/;
const ADDRESS = /^[^\s@<>]+@[^\s@<>]+$/;

/**
 * The text of the message/delivery-status part, found in the raw body rather than through mailparser:
 * mailparser folds this part into the message text with no marker, and a wrong boundary (seen in
 * real bounces) would hide it altogether.
 */
export function deliveryStatusPart(body: string): string | null {
  const header = PART_HEADER.exec(body);
  if (!header) return null;
  const start = body.indexOf('\n\n', header.index);
  if (start === -1) return null;
  const rest = body.slice(start + 2);
  const boundary = /^--\S/m.exec(rest);
  return boundary ? rest.slice(0, boundary.index) : rest;
}

/** The fields of one block, names lower-cased, continuation lines unfolded. */
function fieldsOf(block: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of block.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const field = /^([A-Za-z][\w-]*):\s*(.*)$/.exec(line);
    if (field && !fields.has(field[1]!.toLowerCase())) fields.set(field[1]!.toLowerCase(), field[2]!.trim());
  }
  return fields;
}

/** `rfc822; a@b.c` → `a@b.c`; '' when no usable address is left. */
function addressOf(value: string | undefined): string {
  const address = (value ?? '')
    .replace(/^[\w-]+;/, '')
    .trim()
    .replace(/^<(.*)>$/, '$1')
    .toLowerCase();
  return ADDRESS.test(address) ? address : '';
}

/** The per-recipient blocks of a message/delivery-status part (the per-message block is skipped). */
export function parseDeliveryStatus(part: string): DsnRecipient[] {
  return part
    .replace(/\r\n/g, '\n')
    .split(/\n[ \t]*\n/)
    .map(fieldsOf)
    .filter((f) => f.has('final-recipient') || f.has('action'))
    .map((f) => ({
      recipient: addressOf(f.get('final-recipient')) || addressOf(f.get('original-recipient')),
      action: (f.get('action') ?? '').toLowerCase(),
      status: ENHANCED_STATUS.exec(f.get('status') ?? '')?.[0] ?? '',
      diagnostic: (f.get('diagnostic-code') ?? '')
        .replace(/^[\w-]+;/, '')
        .replace(/\s+/g, ' ')
        .trim(),
    }));
}
