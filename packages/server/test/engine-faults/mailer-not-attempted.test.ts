import { expect, it, vi } from 'vitest';
import { NOT_ATTEMPTED, type SendOutcome } from '../../src/app/ports.js';
import { SmtpMailer } from '../../src/mail/smtp-mailer.js';
import { ThreadedMailer } from '../../src/mail/threaded-mailer.js';
import { describeEachDialect } from '../support/dialects.js';
import { messagesOf, oneStepSequence, receivedBy, useBench } from './in-process.js';

const MIN = 60_000;
const notStarted: SendOutcome = {
  ok: false,
  kind: 'transient',
  command: NOT_ATTEMPTED,
  response: 'the mail thread did not start (test); nothing was sent',
};

describeEachDialect('a send the mailer never attempted', (dialect) => {
  const bench = useBench(dialect);

  // A fault of ours (a mail thread that cannot start, a shutdown) must neither lose the step nor use up
  // the five tries a recipient's server is given: more such failures than that, then it goes out once.
  it('is retried a minute later without counting an attempt, and sent once the mailer works', async () => {
    const b = await bench();
    const sink = await b.sink();
    const seqId = await oneStepSequence(b, sink, 'Not attempted', ['ann@lead.test']);
    // The server sends through whichever mailer its config picks; both are held back the same way.
    const spies = [vi.spyOn(ThreadedMailer.prototype, 'send'), vi.spyOn(SmtpMailer.prototype, 'send')];
    for (const spy of spies) spy.mockResolvedValue(notStarted);

    await b.tick();
    for (let i = 0; i < 6; i++) {
      expect(await messagesOf(b.api, seqId, 'ann@lead.test')).toMatchObject([
        { status: 'retry', attempts: 0, error: expect.stringMatching(/did not start/) as string },
      ]);
      await b.after(MIN);
    }
    expect(spies.reduce((n, spy) => n + spy.mock.calls.length, 0)).toBe(7);
    for (const spy of spies) spy.mockRestore();
    await b.after(MIN);
    expect(receivedBy(sink, 'ann@lead.test')).toBe(1);
    expect(await messagesOf(b.api, seqId, 'ann@lead.test')).toMatchObject([{ status: 'sent', attempts: 1 }]);
  });
});
