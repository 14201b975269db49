import { boundedMemo } from '../bounded-memo.js';

/** Whether an open or a click came from a machine, and the rule that said so ('' for a human). */
export interface TrafficVerdict {
  machine: boolean;
  reason: string;
}

/** An open pixel fetch as the tracking endpoint saw it. */
export interface OpenEvent {
  userAgent: string | undefined;
  method: string;
  /**
   * Not judged: proxy egress ranges (Apple's are iCloud Private Relay's, shared with ordinary
   * browsing; wordtothewise.com/2021/09/apple-mpp-reporting-and-geolocation) change too often to
   * live in code.
   */
  ip?: string;
  /** seconds from our SMTP hand-off to this request; negative when the fetch came first */
  secondsSinceDelivery: number;
}

/** A tracked-link fetch, with the other clicks recorded for the same message. */
export interface ClickEvent {
  userAgent: string | undefined;
  method: string;
  secondsSinceDelivery: number;
  /** the message's other clicks, earlier or later than this one */
  otherClicksOfMessage: readonly { atMs: number; link: number }[];
  atMs: number;
  link: number;
  /** how many tracked links the message has */
  linkCount: number;
}

/**
 * An open this soon after delivery is a prefetch: the message still has to be stored, synced to
 * a client, noticed and opened, and IMAP/push sync alone takes seconds. Scanners and proxies that
 * fetch on arrival land inside it; people do not.
 */
export const MACHINE_OPEN_WITHIN_SECONDS = 5;
/**
 * A click needs all of an open plus reading and a tap, so it gets twice the open window; link
 * scanners (Safe Links, gateways) fetch on arrival, some before the 250 reply (negative times).
 */
export const MACHINE_CLICK_WITHIN_SECONDS = 10;
/** Every link of a message fetched within this span is a scanner walking the links, not a reader. */
export const ALL_LINKS_BURST_MS = 1000;

interface AgentRule {
  pattern: RegExp;
  reason: string;
}

const HUMAN: TrafficVerdict = { machine: false, reason: '' };
const machine = (reason: string): TrafficVerdict => ({ machine: true, reason });

// User agents that only machines send, checked for opens and clicks alike. Sources:
// - Gmail: "Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)";
//   Yahoo: "YahooMailProxy; https://help.yahoo.com/kb/yahoo-mail-proxy-SLN28749.html"
//   (github.com/faisalman/ua-parser-js/issues/494).
// - BingPreview and MicrosoftPreview are Microsoft's link-preview fetchers for Outlook and Teams
//   (bing.com/webmasters/help/which-crawlers-does-bing-use-8c184ec0).
// - "Microsoft Office Existence Discovery" is the HEAD probe Office sends before opening a URL
//   (Microsoft's vsofficedeveloper blog, 2008-03-11).
// - "Barracuda Sentinel (EE)" is Barracuda's link scanner (Braze's bot-click filtering docs). No
//   vendor documents Proofpoint's or Mimecast's agent (most of their fetches look like Chrome and
//   only the timing rules catch them); the names are matched because no person's browser carries
//   them. "ppops-" is matched on operators' reports, not a public source.
// A Gmail proxy fetch can follow a person opening the message (wordtothewise.com/2013/12/
// gmail-deploys-image-proxy-servers) or come at delivery; nothing in the request tells which, so it
// counts as a machine and the reason lets a report show proxied opens apart.
const SCANNER_AGENTS: readonly AgentRule[] = [
  { pattern: /GoogleImageProxy|via ggpht\.com/i, reason: 'Google Image Proxy (GoogleImageProxy user agent)' },
  { pattern: /YahooMailProxy/i, reason: 'Yahoo Mail proxy (YahooMailProxy user agent)' },
  { pattern: /BingPreview|MicrosoftPreview/i, reason: 'Microsoft link preview (BingPreview user agent)' },
  {
    pattern: /Microsoft Office Existence Discovery/i,
    reason: 'Microsoft Office link check (Existence Discovery user agent)',
  },
  { pattern: /Proofpoint|ppops-/i, reason: 'Proofpoint scanner (Proofpoint user agent)' },
  { pattern: /Mimecast/i, reason: 'Mimecast scanner (Mimecast user agent)' },
  { pattern: /Barracuda/i, reason: 'Barracuda scanner (Barracuda user agent)' },
  { pattern: /HeadlessChrome|PhantomJS/i, reason: 'headless browser (HeadlessChrome user agent)' },
  {
    pattern:
      /python-requests|python-urllib|aiohttp|curl\/|wget\/|Go-http-client|libwww-perl|axios\/|node-fetch|^Java\//i,
    reason: 'HTTP library user agent (curl, python-requests, Go-http-client, …)',
  },
  // "bot" at a word's end (Googlebot, bingbot, Slackbot) but not the CUBOT phone brand.
  { pattern: /(?<!cu)bot\b|crawler|spider/i, reason: 'crawler user agent (bot, crawler, spider)' },
];

// Apple Mail Privacy Protection fetches images with the bare agent "Mozilla/5.0" and nothing
// else (github.com/ua-parser/uap-core/issues/509, since 2021-09-20). The stripped WebKit agent
// "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)" is
// NOT a sign of MPP: it is Apple Mail's own agent when a person opens the message
// (uap-core/issues/528; jenssegers/agent/issues/144, 2019, before MPP) and Outlook for Mac sends
// it too (warmbly/warmbly/pull/569), so only the timing rule catches its prefetches.
const BARE_MOZILLA = /^Mozilla\/5\.0$/;

// Outlook for Windows loads images as "Microsoft Office/16.0 (… Microsoft Outlook 16.0…)" or
// "…; ms-office; MSOffice 16)" (browscap/browscap/issues/1634, shon/httpagentparser/issues/91), so
// for opens that agent is a reader. A click under it is Office fetching the link itself before
// handing it to the browser (IdentityServer/IdentityServer3/issues/2627): the person's click
// arrives separately, with the browser's agent.
const OFFICE_FETCH = /ms-office|MSOffice|Microsoft Office\//i;

/** Whether an open pixel fetch was a machine's (proxy, scanner, prefetch) and why. */
export function classifyOpen(event: OpenEvent): TrafficVerdict {
  const agent = (event.userAgent ?? '').trim();
  if (agent === '') return machine('empty user agent');
  if (BARE_MOZILLA.test(agent)) return machine('Apple Mail Privacy Protection (bare "Mozilla/5.0" user agent)');
  return (
    byAgent(agent) ??
    byMethod(event.method) ??
    byTiming(event.secondsSinceDelivery, MACHINE_OPEN_WITHIN_SECONDS, 'opened') ??
    HUMAN
  );
}

/** Whether a tracked-link fetch was a machine's (scanner, preview, link walker) and why. */
export function classifyClick(event: ClickEvent): TrafficVerdict {
  const agent = (event.userAgent ?? '').trim();
  if (agent === '') return machine('empty user agent');
  if (BARE_MOZILLA.test(agent)) return machine('bare "Mozilla/5.0" user agent (no browser sends it)');
  if (OFFICE_FETCH.test(agent)) return machine('Microsoft Office link prefetch (ms-office user agent)');
  return (
    byAgent(agent) ??
    byMethod(event.method) ??
    byTiming(event.secondsSinceDelivery, MACHINE_CLICK_WITHIN_SECONDS, 'clicked') ??
    byLinkBurst(event) ??
    HUMAN
  );
}

// The rules' answer for each user agent seen lately: a busy pixel is fetched by the same few browsers and
// proxies over and over, and ten case-blind patterns over a long user agent were the largest single part
// of judging an event (2–3 % of the tracking thread, docs/benchmarks.md). Bounded in entries and in
// characters (agents are chosen by whoever fetches), so a flood of made-up agents only cycles the memo.
// "No rule" is `null`, not `undefined`: the memo answers a remembered `undefined` with a second lookup.
const byAgent = boundedMemo(
  (agent: string): TrafficVerdict | null => {
    const rule = SCANNER_AGENTS.find((r) => r.pattern.test(agent));
    return rule ? machine(rule.reason) : null;
  },
  1_000,
  1_000_000,
);

// A HEAD asks whether the resource exists without showing it to anyone: link checkers do that.
function byMethod(method: string): TrafficVerdict | undefined {
  return method.toUpperCase() === 'HEAD' ? machine('HEAD request (link checkers send HEAD, browsers GET)') : undefined;
}

function byTiming(seconds: number, within: number, verb: string): TrafficVerdict | undefined {
  // An unknown delivery time proves nothing either way.
  if (!Number.isFinite(seconds) || seconds >= within) return undefined;
  return machine(`${verb} less than ${within} s after delivery`);
}

/**
 * Machine when some span of at most ALL_LINKS_BURST_MS around this click holds a click on every
 * link. Judging each click of a burst against the others (later ones included) marks them all.
 */
function byLinkBurst(event: ClickEvent): TrafficVerdict | undefined {
  const { linkCount, atMs } = event;
  if (linkCount < 2) return undefined;
  const near = [...event.otherClicksOfMessage, { atMs, link: event.link }].filter(
    (c) => Math.abs(c.atMs - atMs) <= ALL_LINKS_BURST_MS && c.link >= 0 && c.link < linkCount,
  );
  for (const start of near) {
    if (start.atMs > atMs) continue;
    const end = start.atMs + ALL_LINKS_BURST_MS;
    if (end < atMs) continue;
    const links = new Set(near.filter((c) => c.atMs >= start.atMs && c.atMs <= end).map((c) => c.link));
    if (links.size === linkCount) return machine('every link clicked within 1 s');
  }
  return undefined;
}
