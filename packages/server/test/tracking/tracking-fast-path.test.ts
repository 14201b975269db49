import { afterEach, describe, expect, it } from 'vitest';
import { parsed, sendWithPixel, setUpOutreach, startSequence, type Outreach } from '../engine/engine-fixture.js';
import { describeEachDialect } from '../support/dialects.js';
import { useTestServer, type TestServer } from '../support/test-server.js';

// The pixel and clicks of messages in memory are answered on node:http's request event, in front of
// Fastify (src/http/tracking-fast-path.ts); `inject` goes straight to Fastify, so these tests speak HTTP
// over loopback. Fastify's answers carry an x-request-id and the fast path's do not: that tells which
// of the two answered.
const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const BODY = '<p>See <a href="https://example.com/a?x=1">A</a> and <a href="https://example.com/café?q=ü b">B</a>.</p>';

interface FeedRecord {
  machine: boolean;
  machine_reason: string;
  url?: string;
}

const listening = new WeakMap<TestServer, Promise<string>>();
/** The test server's URL, listening on loopback from the first call. */
function urlOf(ts: TestServer): Promise<string> {
  let url = listening.get(ts);
  if (!url) {
    url = ts.server.listen();
    listening.set(ts, url);
  }
  return url;
}

async function get(ts: TestServer, path: string, method = 'GET'): Promise<Response> {
  return fetch(`${await urlOf(ts)}${path}`, { method, redirect: 'manual', headers: { 'user-agent': CHROME } });
}

const feed = async (ts: TestServer, name: string, seqId: string): Promise<FeedRecord[]> => {
  await ts.server.services.tracking.flush();
  const res = await ts.call(ts.admin, 'GET', `/api/public/${name}?page=1&per_page=100&sequence_id=${seqId}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ data: FeedRecord[] }>().data;
};

describeEachDialect('tracking links answered in front of Fastify', (dialect) => {
  const t = useTestServer(dialect, { publicUrl: 'https://track.test' });
  let o: Outreach | undefined;
  let n = 0;
  afterEach(async () => {
    await o?.sink.close();
    o = undefined;
  });

  async function outreach(ts: TestServer): Promise<Outreach> {
    n += 1;
    o = await setUpOutreach(ts, [{ Email: `lead${n}@lead.test` }], {}, { from_email: `ann${n}@sender.test` });
    return o;
  }

  /** Sends one tracked email; its sequence, and the paths of its pixel and tracked links. */
  async function sendTracked(ts: TestServer) {
    const out = await outreach(ts);
    const seqId = await startSequence(ts, out, {
      steps: [{ type: 'email', subject: 'Hi', content: BODY }],
      checkEmailOpen: true,
      checkEmailClick: true,
    });
    await ts.server.engine.tick();
    const html = String((await parsed(out.sink))[0]!.html);
    const pathOf = (url: string) => new URL(url).pathname;
    return {
      seqId,
      pixel: pathOf(/<img src="([^"]+)"/.exec(html)![1]!),
      clicks: [...html.matchAll(/href="([^"]+\/t\/c\/[^"]+)"/g)].map((m) => pathOf(m[1]!)),
    };
  }

  it('the pixel: the same GIF and headers as the Fastify route, GET and HEAD, each recorded with its verdict', async () => {
    const ts = t();
    const { seqId, pixel } = await sendTracked(ts);
    ts.clock.advance(60_000);
    const viaFastify = await ts.app.inject({ method: 'GET', url: pixel, headers: { 'user-agent': CHROME } });

    const res = await get(ts, pixel);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBeNull();
    expect(viaFastify.headers['x-request-id']).toBeTruthy();
    for (const h of ['content-type', 'cache-control', 'pragma', 'expires', 'content-length'])
      expect(res.headers.get(h), h).toBe(String(viaFastify.headers[h]));
    expect(Buffer.from(await res.arrayBuffer())).toEqual(viaFastify.rawPayload);
    // A query string changes nothing.
    expect((await get(ts, `${pixel}?utm=x`)).headers.get('x-request-id')).toBeNull();

    const head = await get(ts, pixel, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers.get('x-request-id')).toBeNull();
    expect((await head.arrayBuffer()).byteLength).toBe(0);

    const opens = await feed(ts, 'opens', seqId);
    expect(opens).toHaveLength(4);
    expect(opens.filter((r) => r.machine).map((r) => r.machine_reason)).toEqual([expect.stringMatching(/HEAD/)]);
  });

  it('a click: its first answer reads the message (Fastify), the next come from memory; both go to the stored URL', async () => {
    const ts = t();
    const { seqId, clicks } = await sendTracked(ts);
    expect(clicks).toHaveLength(2);
    ts.clock.advance(5 * 60_000);

    const first = await get(ts, clicks[0]!);
    expect(first.status).toBe(302);
    expect(first.headers.get('x-request-id')).toBeTruthy();
    const again = await get(ts, clicks[0]!);
    expect(again.status).toBe(302);
    expect(again.headers.get('x-request-id')).toBeNull();
    for (const h of ['location', 'cache-control', 'content-length', 'content-type'])
      expect(again.headers.get(h), h).toBe(first.headers.get(h));
    expect(again.headers.get('location')).toBe('https://example.com/a?x=1');
    expect(again.headers.get('cache-control')).toContain('no-store');
    // A target in the query string is ignored: only the stored URL is ever answered.
    const steered = await get(ts, `${clicks[0]!}?url=https://evil.example`);
    expect(steered.headers.get('location')).toBe('https://example.com/a?x=1');

    // A link a header cannot carry as written goes out as a browser would request it; the feed keeps it as written.
    ts.clock.advance(5_000);
    for (const path of [clicks[1]!, clicks[1]!]) {
      const r = await get(ts, path);
      expect(r.status).toBe(302);
      expect(r.headers.get('location')).toBe('https://example.com/caf%C3%A9?q=%C3%BC%20b');
    }

    const recorded = await feed(ts, 'clicks', seqId);
    expect(recorded).toHaveLength(5);
    expect(recorded.filter((c) => c.url === 'https://example.com/café?q=ü b')).toHaveLength(2);
  });

  it('a pixel token of another length is left to Fastify, which answers as before', async () => {
    const ts = t();
    // One character too many: Fastify's pixel route answers it (the GIF, and nothing recorded).
    const longer = `/t/o/${'A'.repeat(45)}`;
    expect((await get(ts, longer)).headers.get('x-request-id')).toBeTruthy();
    // Far too long for Fastify's router: refused before any route, as before the fast path.
    for (const path of [longer, `/t/o/${'A'.repeat(5000)}`]) {
      const viaFastify = await ts.app.inject({ method: 'GET', url: path, headers: { 'user-agent': CHROME } });
      const res = await get(ts, path);
      expect(res.status, path).toBe(viaFastify.statusCode);
      expect(res.headers.get('content-type'), path).toBe(viaFastify.headers['content-type'] ?? null);
    }
  });

  it('a forged, truncated or re-spelled click token over HTTP gets the 404 page, never a redirect', async () => {
    const ts = t();
    const { pixel, clicks } = await sendTracked(ts);
    ts.clock.advance(5 * 60_000);
    // The message is in memory after one good click: the forgeries below are the fast path's to refuse.
    expect((await get(ts, clicks[0]!)).status).toBe(302);
    const good = clicks[0]!;
    const last = good.at(-1)!;
    const forged = pixel.replace('/t/o/', '/t/c/');
    for (const path of [
      // the same length, the MAC's last character changed: 'A' and 'E' differ in a used bit
      `${good.slice(0, -1)}${last === 'A' ? 'E' : 'A'}`,
      // a second spelling: the last character's two unused low bits set
      `${good.slice(0, -1)}${String.fromCharCode(last.charCodeAt(0) + 1)}`,
      forged,
      forged.slice(0, -2),
      `${forged}AA`,
      '/t/c/not-a-token',
    ]) {
      const res = await get(ts, path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('location')).toBeNull();
      expect(res.headers.get('content-type')).toContain('text/html');
    }
  });
});

describe('tracking links while the server drains', () => {
  const t = useTestServer('sqlite', { publicUrl: 'https://track.test' });

  it('are left to Fastify, which answers 503 so the client retries elsewhere', async () => {
    const ts = t();
    const o = await setUpOutreach(ts, [{ Email: 'dee@lead.test' }], {}, { from_email: 'ann@sender.test' });
    try {
      const pixel = await sendWithPixel(ts, o);
      expect((await get(ts, pixel)).status).toBe(200);
      ts.server.http.startDraining();
      const click = pixel.replace('/t/o/', '/t/c/');
      for (const path of [pixel, click]) {
        const res = await get(ts, path);
        expect(res.status, path).toBe(503);
        expect(res.headers.get('retry-after')).toBe('5');
      }
    } finally {
      await o.sink.close();
    }
  });
});
