import { expect, it } from 'vitest';
import { trackingSecret } from '../../src/app/tracking-links.js';
import { DEFAULT_TRACKING_OPTIONS, MAX_QUEUED_OPENS, TrackingRecorder } from '../../src/app/tracking-recorder.js';
import { sendWithPixel, setUpOutreach } from '../engine/engine-fixture.js';
import { waitFor } from '../engine-faults/processes.js';
import { describeEachDialect } from '../support/dialects.js';
import { startTestServer, TEST_SECRET_KEY } from '../support/test-server.js';

const FIREFOX = { userAgent: 'Mozilla/5.0 (X11; Linux) Firefox/130.0', method: 'GET' };

describeEachDialect('a flood of pixel fetches', (dialect) => {
  it(`writes the ${MAX_QUEUED_OPENS} opens it holds at once, without waiting for their batch`, async () => {
    const ts = await startTestServer(dialect, { publicUrl: 'https://track.test' });
    const o = await setUpOutreach(ts, [{ Email: 'flood@lead.test', First_Name: 'F' }]);
    const errors: unknown[] = [];
    // Opens would wait an hour for their batch: only the bound on held opens can write them sooner.
    const tracking = new TrackingRecorder(
      ts.server.store,
      ts.clock,
      trackingSecret(TEST_SECRET_KEY),
      async () => undefined,
      (err) => errors.push(err),
      { ...DEFAULT_TRACKING_OPTIONS, openBatchMs: 3_600_000 },
    );
    const opens = async () => {
      const row = await ts.server.store.db.kysely
        .selectFrom('activity')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('kind', '=', 'open')
        .executeTakeFirstOrThrow();
      return Number(row.n);
    };
    try {
      const token = (await sendWithPixel(ts, o)).split('/').pop()!;
      for (let i = 0; i < MAX_QUEUED_OPENS; i++) tracking.open({ token, at: ts.clock.now(), request: FIREFOX });
      await waitFor(`${MAX_QUEUED_OPENS} opens written`, async () => (await opens()) === MAX_QUEUED_OPENS, 30_000, 50);
      // The next open starts a new batch, which waits for its timer again (or a flush).
      tracking.open({ token, at: ts.clock.now(), request: FIREFOX });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await opens()).toBe(MAX_QUEUED_OPENS);
      await tracking.flush();
      expect(await opens()).toBe(MAX_QUEUED_OPENS + 1);
      expect(errors).toEqual([]);
    } finally {
      await tracking.flush();
      await ts.server.close();
      await o.sink.close();
      await ts.testDb.destroy();
    }
  });
});
