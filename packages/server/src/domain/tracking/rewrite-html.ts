import { QuoteType, Tokenizer, type TokenizerCallbacks } from 'htmlparser2';
import { UNSUBSCRIBE_VARIABLE } from '../template-render.js';
import { MAX_LINK_INDEX } from './tokens.js';

/** How to track one email: the tracked URL of each link, and the open pixel's URL. */
export interface TrackingOptions {
  /** The tracked URL for the link with this index and original URL; `undefined` leaves the link as it is. */
  clickUrl(index: number, url: string): string | undefined;
  openPixelUrl?: string;
  /** The rendered unsubscribe link, which is never tracked. */
  unsubscribeUrl?: string;
}

/** The tracked HTML and the original URL of each tracked link, by index. */
export interface TrackedHtml {
  html: string;
  links: string[];
}

/** An `href` value as written: its decoded text and where its raw text lies in the document. */
interface HrefValue {
  value: string;
  start: number;
  end: number;
  quoted: boolean;
}

interface Edit {
  at: number;
  end: number;
  text: string;
}

const LINK_TAGS = new Set(['a', 'area']);
// What `{{unsubscribe_link}}` looks like in a template, spaces, `-` and filters included.
const UNSUBSCRIBE_PLACEHOLDER = new RegExp(`\\{\\{-?\\s*${UNSUBSCRIBE_VARIABLE}\\b`, 'i');
// HTML's "ASCII whitespace", which browsers strip around an href.
const EDGE_SPACE = /^[\t\n\f\r ]+|[\t\n\f\r ]+$/g;
const ASCII_SPACE = new Set([0x09, 0x0a, 0x0c, 0x0d, 0x20]);

const PIXEL_ATTRIBUTES = 'width="1" height="1" alt="" style="display:block;border:0;width:1px;height:1px"';

/**
 * Rewrites the http(s) links of an email to their tracked URLs and adds the open pixel. Everything
 * but the rewritten `href` values is kept byte for byte. Links are numbered in document order and
 * the same URL written twice gets two indexes: an index names a place in the email ("the button",
 * "the footer link"), and every tracked href is one fetch a link scanner makes.
 */
export function prepareTrackedHtml(html: string, options: TrackingOptions): TrackedHtml {
  const { hrefs, bodyCloseAt } = scanLinks(html);
  const links: string[] = [];
  const edits: Edit[] = [];

  for (const href of hrefs) {
    const url = trackableUrl(href.value, options.unsubscribeUrl);
    // Indexes stay dense: a link the caller declines does not use one up.
    if (url === undefined || links.length > MAX_LINK_INDEX) continue;
    const tracked = options.clickUrl(links.length, url);
    if (tracked === undefined) continue;
    links.push(url);
    const escaped = escapeAttribute(tracked);
    edits.push({ at: href.start, end: href.end, text: href.quoted ? escaped : `"${escaped}"` });
  }

  if (options.openPixelUrl !== undefined) {
    const at = bodyCloseAt ?? html.length;
    edits.push({ at, end: at, text: `<img src="${escapeAttribute(options.openPixelUrl)}" ${PIXEL_ATTRIBUTES} />` });
  }
  return { html: applyEdits(html, edits), links };
}

/** The URL a link points to when it should be tracked: http(s), not the unsubscribe link. */
function trackableUrl(href: string, unsubscribeUrl: string | undefined): string | undefined {
  // Browsers drop tabs and newlines anywhere in a URL (WHATWG URL parser), so do the same.
  const url = href.replace(EDGE_SPACE, '').replace(/[\t\n\r]/g, '');
  if (!/^https?:\/\//i.test(url) || !URL.canParse(url)) return undefined;
  if (UNSUBSCRIBE_PLACEHOLDER.test(url)) return undefined;
  if (unsubscribeUrl !== undefined && url === unsubscribeUrl.trim()) return undefined;
  return url;
}

/**
 * The first `href` of every `<a>` and `<area>` without `data-no-track`, and where the last
 * `</body>` starts. htmlparser2's tokenizer keeps comments, `<script>` and `<style>` as opaque
 * text and reports raw offsets, so nothing is re-serialised.
 */
function scanLinks(html: string): { hrefs: HrefValue[]; bodyCloseAt: number | undefined } {
  const hrefs: HrefValue[] = [];
  let bodyCloseAt: number | undefined;
  let tag: { name: string; href?: HrefValue; hrefSeen: boolean; noTrack: boolean } | undefined;
  let attribute = { name: '', nameEnd: 0, value: '' };

  const lower = (start: number, end: number): string => html.slice(start, end).toLowerCase();
  const endTag = (): void => {
    if (tag?.href && !tag.noTrack && LINK_TAGS.has(tag.name)) hrefs.push(tag.href);
    tag = undefined;
  };
  const ignore = (): void => undefined;

  const callbacks: TokenizerCallbacks = {
    onopentagname(start, end) {
      tag = { name: lower(start, end), hrefSeen: false, noTrack: false };
    },
    onattribname(start, end) {
      attribute = { name: lower(start, end), nameEnd: end, value: '' };
    },
    onattribdata(start, end) {
      attribute.value += html.slice(start, end);
    },
    onattribentity(codepoint) {
      attribute.value += String.fromCodePoint(codepoint);
    },
    onattribend(quote, end) {
      if (!tag) return;
      if (attribute.name === 'data-no-track') tag.noTrack = true;
      if (attribute.name !== 'href' || tag.hrefSeen) return;
      // Browsers read the first href only; one without a value links nowhere we track.
      tag.hrefSeen = true;
      if (quote !== QuoteType.NoValue) tag.href = hrefValue(html, attribute, quote, end);
    },
    onopentagend: endTag,
    onselfclosingtag: endTag,
    onclosetag(start, end) {
      tag = undefined;
      if (lower(start, end) === 'body') bodyCloseAt = html.lastIndexOf('<', start);
    },
    oncdata: ignore,
    oncomment: ignore,
    ondeclaration: ignore,
    onend: ignore,
    onprocessinginstruction: ignore,
    ontext: ignore,
    ontextentity: ignore,
  };
  const tokenizer = new Tokenizer({ decodeEntities: true }, callbacks);
  tokenizer.write(html);
  tokenizer.end();
  return { hrefs, bodyCloseAt };
}

/** Where a value's raw text lies: after the name, spaces, `=`, spaces and the opening quote. */
function hrefValue(
  html: string,
  attribute: { nameEnd: number; value: string },
  quote: QuoteType,
  end: number,
): HrefValue | undefined {
  const quoted = quote === QuoteType.Double || quote === QuoteType.Single;
  let at = attribute.nameEnd;
  while (ASCII_SPACE.has(html.charCodeAt(at))) at++;
  if (html[at] !== '=') return undefined;
  at++;
  while (ASCII_SPACE.has(html.charCodeAt(at))) at++;
  if (quoted) {
    const mark = quote === QuoteType.Double ? '"' : "'";
    if (html[at] !== mark || html[end - 1] !== mark) return undefined;
    return { value: attribute.value, start: at + 1, end: end - 1, quoted };
  }
  return at <= end ? { value: attribute.value, start: at, end, quoted } : undefined;
}

function applyEdits(html: string, edits: Edit[]): string {
  edits.sort((a, b) => a.at - b.at);
  let out = '';
  let from = 0;
  for (const edit of edits) {
    out += html.slice(from, edit.at) + edit.text;
    from = edit.end;
  }
  return out + html.slice(from);
}

function escapeAttribute(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}
