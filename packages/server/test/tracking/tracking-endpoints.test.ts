import { afterEach, expect, it } from 'vitest';
import { parsed, setUpOutreach, startSequence, type Outreach } from '../engine/engine-fixture.js';
import { describeEachDialect } from '../support/dialects.js';
import { useTestServer, type TestServer } from '../support/test-server.js';

const V1 = '/api/public/v1.0.0';
const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const GMAIL_PROXY = 'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)';
const BODY =
  '<p>Hi {{first_name}}, see <a href="https://example.com/a?x=1&amp;y=2">A</a> and ' +
  '<a href="https://example.com/b">B</a>, <a href="mailto:ann@sender.test">mail me</a> or ' +
  '<a href="{{unsubscribe_link}}">unsubscribe</a>.</p>';

interface FeedRecord {
  recipient_email_address: string;
  machine: boolean;
  machine_reason: string;
  url?: string;
  step: number;
  subject: string;
}

/** The tracked URLs of a received message: the pixel, the rewritten links in order, the unsubscribe link. */
function urlsOf(html: string) {
  const hrefs = [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!);
  return {
    pixel: /<img src="([^"]+\/t\/o\/[^"]+)"/.exec(html)?.[1],
    clicks: hrefs.filter((h) => h.includes('/t/c/')),
    unsubscribe: hrefs.find((h) => h.includes('/t/u/')),
    others: hrefs.filter((h) => !h.includes('/t/')),
  };
}

/** A header of a raw message, unfolded (mailparser turns List-* headers into structures). */
function headerOf(raw: string, name: string): string | undefined {
  const head = raw.slice(0, raw.search(/\r?\n\r?\n/)).replace(/\r?\n[ \t]+/g, ' ');
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1).trim();
}

const path = (url: string): string => new URL(url).pathname;

describeEachDialect('open, click and unsubscribe tracking', (dialect) => {
  const t = useTestServer(dialect, { publicUrl: 'https://track.test' });
  let o: Outreach | undefined;
  let n = 0;
  afterEach(async () => {
    await o?.sink.close();
    o = undefined;
  });

  async function sendTracked(ts: TestServer, emails: string[], extra: Record<string, unknown> = {}) {
    n += 1;
    o = await setUpOutreach(
      ts,
      emails.map((Email, i) => ({ Email, First_Name: `Lead${i}` })),
      {},
      { from_email: `ann${n}@sender.test` },
    );
    const seqId = await startSequence(ts, o, {
      steps: [
        { type: 'email', subject: 'Hello {{first_name}}', content: BODY },
        { type: 'delay', days: 1 },
        { type: 'email', content: '<p>Following up.</p>' },
      ],
      checkEmailOpen: true,
      checkEmailClick: true,
      ...extra,
    });
    await ts.server.engine.tick();
    const mails = await parsed(o.sink);
    expect(mails).toHaveLength(emails.length);
    return { seqId, mails };
  }

  const feed = async (ts: TestServer, name: string, query = '') => {
    await ts.server.services.tracking.flush();
    const res = await ts.call(ts.admin, 'GET', `/api/public/${name}?page=1&per_page=100${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ data: FeedRecord[] }>().data;
  };

  it('rewrites http links, adds the pixel and the RFC 8058 headers, and leaves mailto and the unsubscribe link alone', async () => {
    const ts = t();
    const { mails } = await sendTracked(ts, ['pat@lead.test']);
    const m = mails[0]!;
    const urls = urlsOf(String(m.html));
    expect(urls.pixel).toMatch(/^https:\/\/track\.test\/t\/o\/[A-Za-z0-9_-]{40,}$/);
    expect(urls.clicks).toHaveLength(2);
    expect(urls.others).toEqual(['mailto:ann@sender.test']);
    expect(urls.unsubscribe).toMatch(/^https:\/\/track\.test\/t\/u\//);
    // No internal id shows in any token.
    const ids = [o!.senderId, o!.listId];
    for (const u of [urls.pixel!, ...urls.clicks, urls.unsubscribe!]) for (const id of ids) expect(u).not.toContain(id);
    const raw = o!.sink.messages[0]!.raw;
    expect(headerOf(raw, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(headerOf(raw, 'List-Unsubscribe')).toBe(
      `<${urls.unsubscribe}>, <mailto:ann${n}@sender.test?subject=unsubscribe>`,
    );
  });

  it('an open answers the GIF at once, uncached, and is recorded as a person or a machine with the reason', async () => {
    const ts = t();
    const { seqId, mails } = await sendTracked(ts, ['ona@lead.test']);
    const { pixel } = urlsOf(String(mails[0]!.html));
    ts.clock.advance(60_000);
    const res = await ts.app.inject({ method: 'GET', url: path(pixel!), headers: { 'user-agent': CHROME } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/gif');
    expect(res.headers['cache-control']).toContain('no-store');
    expect(res.rawPayload.subarray(0, 6).toString()).toBe('GIF89a');
    expect([res.rawPayload.readUInt16LE(6), res.rawPayload.readUInt16LE(8)]).toEqual([1, 1]);
    await ts.app.inject({ method: 'GET', url: path(pixel!), headers: { 'user-agent': GMAIL_PROXY } });
    await ts.app.inject({ method: 'HEAD', url: path(pixel!), headers: { 'user-agent': CHROME } });

    const opens = await feed(ts, 'opens', `&sequence_id=${seqId}`);
    expect(opens).toHaveLength(3);
    expect(opens.filter((r) => !r.machine)).toHaveLength(1);
    expect(opens.map((r) => r.machine_reason).sort()).toEqual([
      '',
      'Google Image Proxy (GoogleImageProxy user agent)',
      expect.stringMatching(/HEAD/),
    ]);
    expect(opens[0]).toMatchObject({ recipient_email_address: 'ona@lead.test', step: 1, subject: 'Hello Lead0' });
    expect(await feed(ts, 'opens', `&sequence_id=${seqId}&human=true`)).toHaveLength(1);
    const seq = await ts.call(ts.admin, 'GET', `${V1}/sequences/${seqId}`);
    expect(seq.json<{ data: { opens: number } }>().data.opens).toBe(1);
    const leads = await ts.call(ts.admin, 'GET', `${V1}/sequences/${seqId}/leads`);
    expect(leads.json<{ data: { lead_status: string }[] }>().data[0]?.lead_status).toBe('opened');
  });

  it('an open within seconds of delivery is a prefetch, and a forged pixel still answers the image but records nothing', async () => {
    const ts = t();
    const { seqId, mails } = await sendTracked(ts, ['pre@lead.test']);
    const { pixel } = urlsOf(String(mails[0]!.html));
    await ts.app.inject({ method: 'GET', url: path(pixel!), headers: { 'user-agent': CHROME } });
    const forged = path(pixel!).slice(0, -2) + (pixel!.endsWith('AA') ? 'BB' : 'AA');
    const res = await ts.app.inject({ method: 'GET', url: forged, headers: { 'user-agent': CHROME } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/gif');
    const opens = await feed(ts, 'opens', `&sequence_id=${seqId}`);
    expect(opens).toHaveLength(1);
    expect(opens[0]).toMatchObject({ machine: true, machine_reason: 'opened less than 5 s after delivery' });
  });

  it('a click redirects to the stored URL; a scanner clicking every link in a second is a machine', async () => {
    const ts = t();
    const { seqId, mails } = await sendTracked(ts, ['cal@lead.test', 'sam@lead.test']);
    ts.clock.advance(5 * 60_000);
    const byLead = new Map(mails.map((m) => [String((m.to as { text: string }).text), urlsOf(String(m.html))]));
    const cal = byLead.get('cal@lead.test')!;
    const res = await ts.app.inject({ method: 'GET', url: path(cal.clicks[0]!), headers: { 'user-agent': CHROME } });
    expect(res.statusCode).toBe(302);
    expect(res.headers['location']).toBe('https://example.com/a?x=1&y=2');

    // The scanner fetches both of Sam's links at once.
    const sam = byLead.get('sam@lead.test')!;
    for (const c of sam.clicks) {
      const r = await ts.app.inject({ method: 'GET', url: path(c), headers: { 'user-agent': CHROME } });
      expect(r.statusCode).toBe(302);
    }
    const clicks = await feed(ts, 'clicks', `&sequence_id=${seqId}`);
    expect(clicks).toHaveLength(3);
    const human = clicks.filter((c) => !c.machine);
    expect(human).toEqual([
      expect.objectContaining({ recipient_email_address: 'cal@lead.test', url: 'https://example.com/a?x=1&y=2' }),
    ]);
    for (const c of clicks.filter((x) => x.machine)) expect(c.machine_reason).toMatch(/every link/);
    const seq = await ts.call(ts.admin, 'GET', `${V1}/sequences/${seqId}`);
    expect(seq.json<{ data: { clicks: number } }>().data.clicks).toBe(1);
  });

  it('a forged, truncated, extended or wrong-kind token gets a 404 page, never a redirect', async () => {
    const ts = t();
    const { mails } = await sendTracked(ts, ['fay@lead.test']);
    const { clicks, pixel, unsubscribe } = urlsOf(String(mails[0]!.html));
    const good = path(clicks[0]!);
    const flip = (p: string) => p.slice(0, -1) + (p.endsWith('A') ? 'B' : 'A');
    const bad = [
      flip(good),
      good.slice(0, -3),
      `${good}AA`,
      path(pixel!).replace('/t/o/', '/t/c/'),
      path(unsubscribe!).replace('/t/u/', '/t/c/'),
      '/t/c/not-a-token',
      `/t/c/${'A'.repeat(5000)}`,
      '/t/c/%2F%2Fevil.example',
    ];
    for (const url of bad) {
      const res = await ts.app.inject({ method: 'GET', url, headers: { 'user-agent': CHROME } });
      // Fastify refuses an over-long path segment (414) before the route: never a redirect either way.
      expect([404, 414], url).toContain(res.statusCode);
      expect(res.headers['location']).toBeUndefined();
      if (res.statusCode === 404) expect(res.headers['content-type']).toContain('text/html');
    }
    // A click URL with a different target in its query string still goes only to the stored URL.
    const res = await ts.app.inject({
      method: 'GET',
      url: `${good}?url=https://evil.example`,
      headers: { 'user-agent': CHROME },
    });
    expect(res.headers['location']).toBe('https://example.com/a?x=1&y=2');
  });

  it('unsubscribe: GET only shows a button, POST (one-click) unsubscribes at once and stops every later step', async () => {
    const ts = t();
    const { seqId, mails } = await sendTracked(ts, ['uma@lead.test', 'ulf@lead.test']);
    const uma = mails.find((m) => String((m.to as { text: string }).text) === 'uma@lead.test')!;
    const { unsubscribe } = urlsOf(String(uma.html));
    const page = await ts.app.inject({ method: 'GET', url: path(unsubscribe!), headers: { 'user-agent': CHROME } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<form method="post">');
    expect(page.body).toContain('u***@lead.test');
    const check = () => ts.call(ts.admin, 'GET', `${V1}/unsubscribe/check?email=uma@lead.test`);
    expect((await check()).json<{ data: { blocked: boolean } }>().data.blocked).toBe(false);

    const post = await ts.app.inject({
      method: 'POST',
      url: path(unsubscribe!),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(post.statusCode).toBe(200);
    expect((await check()).json<{ data: { blocked: boolean } }>().data).toMatchObject({
      blocked: true,
      entries: [expect.objectContaining({ email: 'uma@lead.test', type: 'email', source: 'unsubscribe' })],
    });
    // The follow-up goes to Ulf only.
    ts.clock.advance(3 * 86_400_000);
    await ts.server.engine.tick();
    const after = (await parsed(o!.sink)).slice(2);
    expect(after.map((m) => String((m.to as { text: string }).text))).toEqual(['ulf@lead.test']);
    const leads = await ts.call(ts.admin, 'GET', `${V1}/sequences/${seqId}/leads`);
    const uLead = leads
      .json<{ data: { Email: string; lead_status: string; status: string }[] }>()
      .data.find((l) => l.Email === 'uma@lead.test');
    expect(uLead).toMatchObject({ lead_status: 'unsubscribed', status: 'stopped' });
  });

  it('a plain-text sequence carries no pixel and no rewritten links, and still the unsubscribe headers', async () => {
    const ts = t();
    const { mails } = await sendTracked(ts, ['pia@lead.test'], { plainText: true });
    const m = mails[0]!;
    expect(m.html).toBe(false);
    expect(m.text).not.toContain('/t/o/');
    expect(m.text).not.toContain('/t/c/');
    expect(m.text).toContain('https://track.test/t/u/');
    expect(headerOf(o!.sink.messages[0]!.raw, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
  });

  it('a sender’s custom tracking domain is used in its links', async () => {
    const ts = t();
    o = await setUpOutreach(
      ts,
      [{ Email: 'cus@lead.test', First_Name: 'Cus' }],
      {},
      { custom_tracking_url: 'links.acme.test', from_email: 'custom@sender.test' },
    );
    await startSequence(ts, o, {
      steps: [{ type: 'email', subject: 'Hi', content: BODY }],
      checkEmailOpen: true,
      checkEmailClick: true,
    });
    await ts.server.engine.tick();
    const urls = urlsOf(String((await parsed(o.sink))[0]!.html));
    expect(urls.pixel).toMatch(/^https:\/\/links\.acme\.test\/t\/o\//);
    expect(urls.clicks[0]).toMatch(/^https:\/\/links\.acme\.test\/t\/c\//);
  });
});
