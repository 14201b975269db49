import { expect, it } from 'vitest';
import { sendWithPixel, setUpOutreach } from '../engine/engine-fixture.js';
import { describeEachDialect } from '../support/dialects.js';
import { startTestServer } from '../support/test-server.js';

const BURST = 300;

describeEachDialect('opens held for their batch when the server stops', (dialect) => {
  it(`a burst of ${BURST} opens followed at once by close(): every one is written`, async () => {
    const ts = await startTestServer(dialect, { publicUrl: 'https://track.test' });
    const o = await setUpOutreach(ts, [{ Email: 'burst@lead.test', First_Name: 'B' }]);
    try {
      const pixel = await sendWithPixel(ts, o);
      const responses = await Promise.all(
        Array.from({ length: BURST }, () =>
          ts.app.inject({
            method: 'GET',
            url: pixel,
            headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux) Firefox/130.0' },
          }),
        ),
      );
      expect(responses.every((r) => r.statusCode === 200)).toBe(true);
      // Every pixel was answered before any open was written: they all wait in the batch writer.
      await ts.server.close();
      const db = await ts.testDb.open();
      try {
        const row = await db.kysely
          .selectFrom('activity')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('kind', '=', 'open')
          .executeTakeFirstOrThrow();
        expect(Number(row.n)).toBe(BURST);
      } finally {
        await db.close();
      }
    } finally {
      await o.sink.close();
      await ts.testDb.destroy();
    }
  });
});
