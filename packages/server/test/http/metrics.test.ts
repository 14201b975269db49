import { afterEach, expect, it } from 'vitest';
import { parsed, setUpOutreach, startSequence, type Outreach } from '../engine/engine-fixture.js';
import { describeEachDialect } from '../support/dialects.js';
import { useTestServer } from '../support/test-server.js';

const TOKEN = 'metrics-token-for-tests';
const auth = { authorization: `Bearer ${TOKEN}` };

/** The value of one sample line of the exposition (`name{labels} value`), or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describeEachDialect('/metrics', (dialect) => {
  const off = useTestServer(dialect);
  const t = useTestServer(dialect, { metricsToken: TOKEN, publicUrl: 'https://track.test' });
  let o: Outreach | undefined;
  afterEach(async () => {
    await o?.sink.close();
    o = undefined;
  });

  it('is off without a configured token, and says how to turn it on', async () => {
    const res = await off().call(undefined, 'GET', '/metrics', undefined, auth);
    expect(res.statusCode).toBe(404);
    expect(res.json<{ message: string }>().message).toContain('BLINKPOST_METRICS_TOKEN');
  });

  it('asks for the token: none, a wrong one and an API key are 401', async () => {
    const ts = t();
    const tries: Record<string, string>[] = [{}, { authorization: 'Bearer wrong' }, { authorization: ts.admin.key }];
    for (const headers of tries) {
      const res = await ts.call(undefined, 'GET', '/metrics', undefined, headers);
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="metrics"');
      expect(res.body).not.toContain('blinkpost_');
    }
  });

  it('counts requests by route, the engine’s steps and passes, and opens by person or machine', async () => {
    const ts = t();
    const read = async () => {
      const res = await ts.call(undefined, 'GET', '/metrics', undefined, auth);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      return res.body;
    };
    const before = await read();
    // Node's own figures come with the server's.
    expect(before).toContain('process_cpu_user_seconds_total');
    expect(before).toContain('nodejs_eventloop_lag_seconds');

    await ts.call(undefined, 'GET', '/healthz');
    await ts.call(undefined, 'GET', '/healthz');
    o = await setUpOutreach(ts, [{ Email: 'ann@lead.test', First_Name: 'Ann', Company: 'Annco' }]);
    await startSequence(ts, o, { checkEmailOpen: true });
    await ts.server.engine.tick();
    const [mail] = await parsed(o.sink);
    const pixel = /src="https:\/\/track\.test(\/t\/o\/[^"]+)"/.exec(String(mail!.html))![1]!;
    // A person (a browser, a minute after delivery) and a machine (Google's image proxy).
    ts.clock.advance(60_000);
    await ts.call(undefined, 'GET', pixel, undefined, { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0' });
    await ts.call(undefined, 'GET', pixel, undefined, { 'user-agent': 'Mozilla/5.0 (via ggpht.com GoogleImageProxy)' });
    await ts.server.services.tracking.flush();

    const after = await read();
    expect(sample(after, 'blinkpost_http_requests_total{method="GET",route="/healthz",status="200"}')).toBe(2);
    expect(sample(after, 'blinkpost_engine_steps_total{outcome="sent"}')).toBe(1);
    expect(sample(after, 'blinkpost_engine_pass_seconds_count')).toBe(1);
    expect(sample(after, 'blinkpost_engagements_total{event="opened",machine="false"}')).toBe(1);
    expect(sample(after, 'blinkpost_engagements_total{event="opened",machine="true"}')).toBe(1);
    // Tracking links are counted as engagements, not per request: the pixel is the busiest answer.
    expect(after).not.toMatch(/route="\/t\//);
  });
});
