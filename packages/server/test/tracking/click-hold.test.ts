import { expect, it } from 'vitest';
import { trackingSecret } from '../../src/app/tracking-links.js';
import { DEFAULT_TRACKING_OPTIONS, TrackingRecorder } from '../../src/app/tracking-recorder.js';
import { rememberedTokenCheck } from '../../src/domain/tracking/index.js';
import { parsed, setUpOutreach, startSequence, type Outreach } from '../engine/engine-fixture.js';
import { waitFor } from '../engine-faults/processes.js';
import { describeEachDialect } from '../support/dialects.js';
import { startTestServer, TEST_SECRET_KEY, type TestServer } from '../support/test-server.js';

const FIREFOX = { userAgent: 'Mozilla/5.0 (X11; Linux) Firefox/130.0', method: 'GET' };

/** Sends one click-tracked email with these links and answers the tokens of its tracked links. */
async function sendWithLinks(
  ts: TestServer,
  email: string,
  hrefs: string[],
): Promise<{ o: Outreach; tokens: string[] }> {
  const o = await setUpOutreach(ts, [{ Email: email, First_Name: 'L' }], {}, { from_email: `from-${email}` });
  const body = `<p>${hrefs.map((h, i) => `<a href="${h}">link ${i}</a>`).join(' ')}</p>`;
  await startSequence(ts, o, { steps: [{ type: 'email', subject: 'Hi', content: body }], checkEmailClick: true });
  await ts.server.engine.tick();
  const html = String((await parsed(o.sink))[0]!.html);
  const tokens = [...html.matchAll(/href="[^"]*\/t\/c\/([^"]+)"/g)].map((m) => m[1]!);
  expect(tokens).toHaveLength(hrefs.length);
  return { o, tokens };
}

describeEachDialect('the click hold', (dialect) => {
  it('holds clicks of a message with several links for a burst; a one-link message’s are written with the next batch', async () => {
    const ts = await startTestServer(dialect, { publicUrl: 'https://track.test' });
    const one = await sendWithLinks(ts, 'one@lead.test', ['https://example.com/only']);
    const two = await sendWithLinks(ts, 'two@lead.test', ['https://example.com/a', 'https://example.com/b']);
    ts.clock.advance(60_000);
    const secret = trackingSecret(TEST_SECRET_KEY);
    const check = rememberedTokenCheck(secret, 'c', 10);
    const errors: unknown[] = [];
    // A hold of an hour: only a click that is not held can be written before the flush.
    const tracking = new TrackingRecorder(
      ts.server.store,
      ts.clock,
      secret,
      async () => undefined,
      (err) => errors.push(err),
      { ...DEFAULT_TRACKING_OPTIONS, clickHoldMs: 3_600_000, openBatchMs: 20 },
    );
    const clicked = async () =>
      (
        await ts.server.store.db.kysely
          .selectFrom('activity')
          .select(['recipient_email', 'machine'])
          .where('kind', '=', 'click')
          .execute()
      ).map((r) => `${r.recipient_email}${r.machine === 1 ? ' (machine)' : ''}`);
    const click = (token: string, linkCount: number) => {
      const { trackKey, link } = check(token)!;
      tracking.click({ trackKey, link: link!, linkCount, at: ts.clock.now(), request: FIREFOX });
    };
    try {
      click(two.tokens[0]!, 2);
      click(one.tokens[0]!, 1);
      await waitFor('the one-link click written', async () => (await clicked()).length > 0, 10_000, 20);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await clicked()).toEqual(['one@lead.test']);
      await tracking.flush();
      expect((await clicked()).sort()).toEqual(['one@lead.test', 'two@lead.test']);
      expect(errors).toEqual([]);
    } finally {
      await tracking.flush();
      await ts.server.close();
      await one.o.sink.close();
      await two.o.sink.close();
      await ts.testDb.destroy();
    }
  });
});
