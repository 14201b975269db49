/** Where a recipient can unsubscribe: the one-click HTTPS endpoint and, optionally, a mailbox. */
export interface UnsubscribeTargets {
  httpsUrl: string;
  /** an address (`unsubscribe@example.com`) or a mailto URI (`mailto:…?subject=…`) */
  mailto?: string;
}

/** The RFC 8058 header pair that lets a mail client offer one-click unsubscribe. */
export interface UnsubscribeHeaders {
  'List-Unsubscribe': string;
  'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click';
}

// Line breaks would start a new header; `<`, `>` and `,` would end the URI or the list early
// (RFC 2369 §2); whitespace inside the angle brackets is ignored by readers. All are refused
// rather than escaped: a caller that builds such a URL has a bug to see.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0020\u007f<>,]/;

/**
 * `List-Unsubscribe` and `List-Unsubscribe-Post` for a message. RFC 8058 §3.1: the first "MUST
 * contain one HTTPS URI" and "MAY contain other non-HTTP/S URIs such as MAILTO:"; the second "MUST
 * contain the single key/value pair List-Unsubscribe=One-Click". Throws on a URL that is not
 * https or that could inject into the header.
 */
export function unsubscribeHeaders(targets: UnsubscribeTargets): UnsubscribeHeaders {
  const { httpsUrl, mailto } = targets;
  refuseUnsafe('httpsUrl', httpsUrl);
  if (!/^https:\/\//i.test(httpsUrl) || !URL.canParse(httpsUrl)) {
    throw new RangeError(`httpsUrl must be an https URL (RFC 8058), not ${JSON.stringify(httpsUrl)}`);
  }
  const uris = [httpsUrl];
  if (mailto !== undefined) {
    const uri = /^mailto:/i.test(mailto) ? mailto : `mailto:${mailto}`;
    refuseUnsafe('mailto', uri);
    if (!/^mailto:[^@?]+@[^@?]+/i.test(uri))
      throw new RangeError(`mailto must name an address: ${JSON.stringify(mailto)}`);
    uris.push(uri);
  }
  return {
    'List-Unsubscribe': uris.map((u) => `<${u}>`).join(', '),
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}

function refuseUnsafe(field: string, value: string): void {
  if (UNSAFE.test(value)) {
    throw new RangeError(`${field} must not contain spaces, control characters, "<", ">" or ","`);
  }
}
