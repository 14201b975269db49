import { expect, it, vi } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { statsOf } from './outreach.js';
import { messagesOf, oneStepSequence, receivedBy, useBench } from './in-process.js';

describeEachDialect('a sent record that cannot be committed', (dialect) => {
  const bench = useBench(dialect);

  // A send no longer waits for its record (it lingers for a batch): a failed record batch must neither
  // lose the send nor let it go out again. The step stays `sending`, is logged, and its lease expiry
  // makes it `uncertain` — the same as a crash between SMTP and the commit.
  it('is logged, the step becomes uncertain when its lease ends, and nothing is sent twice', async () => {
    const b = await bench();
    const sink = await b.sink();
    const seqId = await oneStepSequence(b, sink, 'Record failure', ['ann@lead.test']);
    const ledger = b.ts.server.store.ledger;
    const markSentMany = vi.spyOn(ledger, 'markSentMany').mockRejectedValueOnce(new Error('disk full'));
    const logged = vi.spyOn(b.ts.server.http.fastify.log, 'error');

    await b.tick();
    expect(receivedBy(sink, 'ann@lead.test')).toBe(1);
    expect(markSentMany).toHaveBeenCalledTimes(1);
    expect(
      logged.mock.calls.some(([, what]) => /recording sent message .* failed; it becomes uncertain/.test(String(what))),
    ).toBe(true);
    expect(await messagesOf(b.api, seqId, 'ann@lead.test')).toMatchObject([{ status: 'sending' }]);

    // Passes before the lease ends leave it alone; after it, the step is uncertain, counted, not re-sent.
    await b.after(60_000);
    expect(await messagesOf(b.api, seqId, 'ann@lead.test')).toMatchObject([{ status: 'sending' }]);
    await b.after(5 * 60_000);
    expect(await messagesOf(b.api, seqId, 'ann@lead.test')).toMatchObject([{ status: 'uncertain' }]);
    expect((await statsOf(b.api, seqId)).messages.uncertain).toBe(1);
    await b.after(24 * 60 * 60_000);
    expect(receivedBy(sink, 'ann@lead.test')).toBe(1);
  });
});
