import { describe, expect, it } from 'vitest';
import {
  ALL_LINKS_BURST_MS,
  classifyClick,
  classifyOpen,
  MACHINE_CLICK_WITHIN_SECONDS,
  MACHINE_OPEN_WITHIN_SECONDS,
  type ClickEvent,
  type OpenEvent,
} from '../../src/domain/tracking/index.js';

// Real user agents of people reading mail.
const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const EDGE = `${CHROME} Edg/124.0.2478.80`;
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0';
const SAFARI =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15';
const IOS_SAFARI =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1';
const IOS_MAIL =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148';
const APPLE_MAIL_MAC = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)';
const ANDROID_CHROME =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36';
const CUBOT_PHONE =
  'Mozilla/5.0 (Linux; Android 10; CUBOT X30) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36';
const OUTLOOK_DESKTOP = 'Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17531; Pro)';
const OUTLOOK_LEGACY =
  'Mozilla/4.0 (compatible; MSIE 7.0; Windows NT 10.0; WOW64; Trident/7.0; .NET4.0C; .NET4.0E; Microsoft Outlook 16.0.5257; ms-office; MSOffice 16)';
const THUNDERBIRD = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:115.0) Gecko/20100101 Thunderbird/115.10.1';

const LATE = 3600;
const open = (e: Partial<OpenEvent>): OpenEvent => ({
  userAgent: CHROME,
  method: 'GET',
  secondsSinceDelivery: LATE,
  ...e,
});
const click = (e: Partial<ClickEvent>): ClickEvent => ({
  userAgent: CHROME,
  method: 'GET',
  secondsSinceDelivery: LATE,
  otherClicksOfMessage: [],
  atMs: 1_000_000,
  link: 0,
  linkCount: 1,
  ...e,
});

// One row per rule that judges by user agent: [name, agent, reason].
const MACHINE_AGENTS: [string, string, string][] = [
  [
    'Gmail image proxy',
    'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)',
    'Google Image Proxy (GoogleImageProxy user agent)',
  ],
  [
    'Gmail image proxy, via ggpht.com only',
    'Mozilla/5.0 (via ggpht.com)',
    'Google Image Proxy (GoogleImageProxy user agent)',
  ],
  [
    'Yahoo Mail proxy',
    'YahooMailProxy; https://help.yahoo.com/kb/yahoo-mail-proxy-SLN28749.html',
    'Yahoo Mail proxy (YahooMailProxy user agent)',
  ],
  [
    'BingPreview',
    'Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/534+ (KHTML, like Gecko) BingPreview/1.0b',
    'Microsoft link preview (BingPreview user agent)',
  ],
  [
    'MicrosoftPreview',
    'MicrosoftPreview/2.0; +https://aka.ms/MicrosoftPreview',
    'Microsoft link preview (BingPreview user agent)',
  ],
  [
    'Office existence check',
    'Microsoft Office Existence Discovery',
    'Microsoft Office link check (Existence Discovery user agent)',
  ],
  ['Proofpoint', 'Mozilla/5.0 (compatible; Proofpoint)', 'Proofpoint scanner (Proofpoint user agent)'],
  ['Proofpoint ppops-', 'ppops-scanner/1.0', 'Proofpoint scanner (Proofpoint user agent)'],
  ['Mimecast', 'Mimecast URL Protect', 'Mimecast scanner (Mimecast user agent)'],
  ['Barracuda', 'Barracuda Sentinel (EE)', 'Barracuda scanner (Barracuda user agent)'],
  [
    'headless Chrome',
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.0.0 Safari/537.36',
    'headless browser (HeadlessChrome user agent)',
  ],
  ['python-requests', 'python-requests/2.31.0', 'HTTP library user agent (curl, python-requests, Go-http-client, …)'],
  ['curl', 'curl/8.5.0', 'HTTP library user agent (curl, python-requests, Go-http-client, …)'],
  ['Go', 'Go-http-client/1.1', 'HTTP library user agent (curl, python-requests, Go-http-client, …)'],
  ['wget', 'Wget/1.21.4', 'HTTP library user agent (curl, python-requests, Go-http-client, …)'],
  ['Java', 'Java/17.0.2', 'HTTP library user agent (curl, python-requests, Go-http-client, …)'],
  [
    'Googlebot',
    'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
    'crawler user agent (bot, crawler, spider)',
  ],
  [
    'Slackbot',
    'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
    'crawler user agent (bot, crawler, spider)',
  ],
  ['a crawler', 'SomeCrawler/1.0', 'crawler user agent (bot, crawler, spider)'],
  ['a spider', 'Baiduspider/2.0', 'crawler user agent (bot, crawler, spider)'],
];

const HUMAN_AGENTS: [string, string][] = [
  ['Chrome', CHROME],
  ['Edge', EDGE],
  ['Firefox', FIREFOX],
  ['Safari', SAFARI],
  ['iOS Safari (Version/)', IOS_SAFARI],
  ['iOS Mail', IOS_MAIL],
  ['Android Chrome', ANDROID_CHROME],
  ['a CUBOT phone', CUBOT_PHONE],
  ['Thunderbird', THUNDERBIRD],
];

describe('classifyOpen', () => {
  it.each(MACHINE_AGENTS)('calls %s a machine', (_, userAgent, reason) => {
    expect(classifyOpen(open({ userAgent }))).toEqual({ machine: true, reason });
  });

  it.each([
    ...HUMAN_AGENTS,
    ['Apple Mail on a Mac (stripped WebKit agent, no Version/ or Safari/)', APPLE_MAIL_MAC],
    ['Outlook for Windows', OUTLOOK_DESKTOP],
    ['Outlook for Windows, MSIE-style agent', OUTLOOK_LEGACY],
  ])('calls %s a person', (_, userAgent) => {
    expect(classifyOpen(open({ userAgent }))).toEqual({ machine: false, reason: '' });
  });

  it('calls Apple Mail Privacy Protection (the bare "Mozilla/5.0" agent) a machine', () => {
    for (const userAgent of ['Mozilla/5.0', ' Mozilla/5.0 ']) {
      expect(classifyOpen(open({ userAgent }))).toEqual({
        machine: true,
        reason: 'Apple Mail Privacy Protection (bare "Mozilla/5.0" user agent)',
      });
    }
  });

  it('calls a missing or empty user agent a machine', () => {
    for (const userAgent of [undefined, '', '   ']) {
      expect(classifyOpen(open({ userAgent }))).toEqual({ machine: true, reason: 'empty user agent' });
    }
  });

  it('calls a HEAD request a machine', () => {
    for (const method of ['HEAD', 'head']) {
      expect(classifyOpen(open({ method }))).toEqual({
        machine: true,
        reason: 'HEAD request (link checkers send HEAD, browsers GET)',
      });
    }
  });

  it(`calls an open less than ${MACHINE_OPEN_WITHIN_SECONDS} s after delivery a machine, even from a browser`, () => {
    const early = { machine: true, reason: `opened less than ${MACHINE_OPEN_WITHIN_SECONDS} s after delivery` };
    expect(MACHINE_OPEN_WITHIN_SECONDS).toBe(5);
    expect(classifyOpen(open({ secondsSinceDelivery: 0 }))).toEqual(early);
    expect(classifyOpen(open({ secondsSinceDelivery: 4.9 }))).toEqual(early);
    expect(classifyOpen(open({ secondsSinceDelivery: -1 }))).toEqual(early);
    expect(classifyOpen(open({ userAgent: APPLE_MAIL_MAC, secondsSinceDelivery: 1 }))).toEqual(early);
    expect(classifyOpen(open({ secondsSinceDelivery: 5 }))).toEqual({ machine: false, reason: '' });
    expect(classifyOpen(open({ secondsSinceDelivery: Number.NaN }))).toEqual({ machine: false, reason: '' });
  });

  it('names the user agent before the timing when both apply', () => {
    const verdict = classifyOpen(open({ userAgent: 'curl/8.5.0', method: 'HEAD', secondsSinceDelivery: 0 }));
    expect(verdict.reason).toBe('HTTP library user agent (curl, python-requests, Go-http-client, …)');
  });
});

describe('classifyClick', () => {
  it.each(MACHINE_AGENTS)('calls %s a machine', (_, userAgent, reason) => {
    expect(classifyClick(click({ userAgent }))).toEqual({ machine: true, reason });
  });

  it.each([...HUMAN_AGENTS, ['Safari on a Mac', SAFARI]])('calls %s a person', (_, userAgent) => {
    expect(classifyClick(click({ userAgent }))).toEqual({ machine: false, reason: '' });
  });

  it('calls an Office application fetching the link itself a machine', () => {
    for (const userAgent of [OUTLOOK_DESKTOP, OUTLOOK_LEGACY]) {
      expect(classifyClick(click({ userAgent }))).toEqual({
        machine: true,
        reason: 'Microsoft Office link prefetch (ms-office user agent)',
      });
    }
  });

  it('calls the bare "Mozilla/5.0" agent, an empty agent and HEAD machines', () => {
    expect(classifyClick(click({ userAgent: 'Mozilla/5.0' }))).toEqual({
      machine: true,
      reason: 'bare "Mozilla/5.0" user agent (no browser sends it)',
    });
    expect(classifyClick(click({ userAgent: '' }))).toEqual({ machine: true, reason: 'empty user agent' });
    expect(classifyClick(click({ method: 'HEAD' }))).toEqual({
      machine: true,
      reason: 'HEAD request (link checkers send HEAD, browsers GET)',
    });
  });

  it(`calls a click less than ${MACHINE_CLICK_WITHIN_SECONDS} s after delivery a machine`, () => {
    const early = { machine: true, reason: `clicked less than ${MACHINE_CLICK_WITHIN_SECONDS} s after delivery` };
    expect(MACHINE_CLICK_WITHIN_SECONDS).toBe(10);
    expect(classifyClick(click({ secondsSinceDelivery: 9.99 }))).toEqual(early);
    expect(classifyClick(click({ secondsSinceDelivery: -3 }))).toEqual(early);
    expect(classifyClick(click({ secondsSinceDelivery: 10 }))).toEqual({ machine: false, reason: '' });
  });

  describe('every link clicked within 1 s', () => {
    const burst = { machine: true, reason: 'every link clicked within 1 s' };
    const t = 1_000_000;

    it('is a machine when this click completes the set', () => {
      const others = [
        { atMs: t - 400, link: 0 },
        { atMs: t - 200, link: 1 },
      ];
      expect(classifyClick(click({ atMs: t, link: 2, linkCount: 3, otherClicksOfMessage: others }))).toEqual(burst);
    });

    it('is a machine for the first click too, judged with the later ones', () => {
      const others = [
        { atMs: t + 300, link: 1 },
        { atMs: t + ALL_LINKS_BURST_MS, link: 2 },
      ];
      expect(classifyClick(click({ atMs: t, link: 0, linkCount: 3, otherClicksOfMessage: others }))).toEqual(burst);
    });

    it('is a machine when the links are clicked several times over', () => {
      const others = [
        { atMs: t - 5000, link: 0 },
        { atMs: t - 100, link: 0 },
        { atMs: t - 50, link: 0 },
      ];
      expect(classifyClick(click({ atMs: t, link: 1, linkCount: 2, otherClicksOfMessage: others }))).toEqual(burst);
    });

    it('is a person when the clicks span more than 1 s', () => {
      const others = [
        { atMs: t - ALL_LINKS_BURST_MS - 1, link: 0 },
        { atMs: t - 200, link: 1 },
      ];
      expect(classifyClick(click({ atMs: t, link: 2, linkCount: 3, otherClicksOfMessage: others }))).toEqual({
        machine: false,
        reason: '',
      });
    });

    it('is a person when one link is missing, or the message has one link', () => {
      const others = [{ atMs: t - 100, link: 0 }];
      expect(classifyClick(click({ atMs: t, link: 0, linkCount: 2, otherClicksOfMessage: others })).machine).toBe(
        false,
      );
      expect(classifyClick(click({ atMs: t, link: 1, linkCount: 3, otherClicksOfMessage: others })).machine).toBe(
        false,
      );
      expect(classifyClick(click({ atMs: t, link: 0, linkCount: 1, otherClicksOfMessage: others })).machine).toBe(
        false,
      );
    });

    it('ignores clicks on links the message does not have', () => {
      const others = [{ atMs: t - 100, link: 7 }];
      expect(classifyClick(click({ atMs: t, link: 0, linkCount: 2, otherClicksOfMessage: others })).machine).toBe(
        false,
      );
    });

    it('is a person when two people-paced clicks cover both links', () => {
      const others = [{ atMs: t - 20_000, link: 0 }];
      expect(classifyClick(click({ atMs: t, link: 1, linkCount: 2, otherClicksOfMessage: others }))).toEqual({
        machine: false,
        reason: '',
      });
    });
  });
});

describe('user agents remembered between events', () => {
  it('judges an agent the same however often it comes, and each of a flood of new agents by its own rules', () => {
    const proxy = 'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)';
    const person =
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';
    const at = (userAgent: string) => classifyOpen({ userAgent, method: 'GET', secondsSinceDelivery: 3_600 });
    for (let i = 0; i < 3; i++) {
      expect(at(proxy)).toEqual({ machine: true, reason: 'Google Image Proxy (GoogleImageProxy user agent)' });
      expect(at(person)).toEqual({ machine: false, reason: '' });
    }
    // More distinct agents than the memo keeps: each still gets its own rules' answer.
    for (let i = 0; i < 2_500; i++) {
      expect(at(`curl/8.${i}`).reason).toBe('HTTP library user agent (curl, python-requests, Go-http-client, …)');
      expect(at(`${person} Build/${i}`).machine).toBe(false);
    }
    expect(at(proxy).machine).toBe(true);
    // The agent's verdict is remembered, the rest of the event is judged each time.
    expect(classifyOpen({ userAgent: person, method: 'HEAD', secondsSinceDelivery: 3_600 }).machine).toBe(true);
    expect(classifyOpen({ userAgent: person, method: 'GET', secondsSinceDelivery: 1 }).machine).toBe(true);
  });
});
