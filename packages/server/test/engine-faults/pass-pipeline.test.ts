import { expect, it, vi } from 'vitest';
import type { Mailer } from '../../src/app/ports.js';
import { SendSlots } from '../../src/app/send-slots.js';
import { SmtpMailer } from '../../src/mail/smtp-mailer.js';
import { ThreadedMailer } from '../../src/mail/threaded-mailer.js';
import { describeEachDialect } from '../support/dialects.js';
import { messagesOf, oneStepSequence, receivedBy, useBench, type LeadRow } from './in-process.js';
import { ok, V1 } from './outreach.js';

const LEADS = 23;

describeEachDialect('one engine pass keeps its sends flowing', (dialect) => {
  // Small batches, so that one pass must claim several; more steps reserved ahead than sends in flight.
  const bench = useBench(dialect, { engine: { batchSize: 5, concurrency: 2, reserveAhead: 3 } });

  it('claims the next batch before the last runs dry, and never has more sends in flight than its concurrency', async () => {
    const b = await bench();
    const sink = await b.sink();
    const emails = Array.from({ length: LEADS }, (_, i) => `lead${i}@lead.test`);
    const seqId = await oneStepSequence(b, sink, 'Pipeline', emails);
    let inFlight = 0;
    let most = 0;
    // The server sends through whichever mailer its config picks; both are watched the same way.
    const spies = [ThreadedMailer, SmtpMailer].map((M) => {
      // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with the mailer's own `this`
      const send = M.prototype.send;
      return vi.spyOn(M.prototype, 'send').mockImplementation(async function (this: Mailer, ...args) {
        inFlight += 1;
        most = Math.max(most, inFlight);
        try {
          return await send.apply(this, args);
        } finally {
          inFlight -= 1;
        }
      });
    });

    const report = await b.ts.server.engine.tick();
    for (const spy of spies) spy.mockRestore();

    // 23 due steps in batches of 5: one pass took all five batches and sent every step once.
    expect(report).toMatchObject({ claimed: LEADS, sent: LEADS, failed: 0 });
    expect(sink.messages).toHaveLength(LEADS);
    for (const email of emails) expect(receivedBy(sink, email)).toBe(1);
    expect(await messagesOf(b.api, seqId, 'lead22@lead.test')).toMatchObject([{ status: 'sent', attempts: 1 }]);
    expect(most).toBe(2);
  });

  it('a step that throws fails the pass only once the others have finished what it claimed; nothing runs on after it', async () => {
    const b = await bench();
    const sink = await b.sink();
    const emails = Array.from({ length: 12 }, (_, i) => `lead${i}@lead.test`);
    const seqId = await oneStepSequence(b, sink, 'A step throws', emails);
    // A fault of ours, not an SMTP answer: the first send throws instead of answering an outcome.
    const spies = [ThreadedMailer, SmtpMailer].map((M) =>
      vi.spyOn(M.prototype, 'send').mockRejectedValueOnce(new Error('a bug of ours (test)')),
    );

    await expect(b.ts.server.engine.tick()).rejects.toThrow('a bug of ours (test)');
    for (const spy of spies) spy.mockRestore();
    // The second batch was claimed as soon as the first was taken up, before the send threw: the other
    // nine steps of both went out within the pass, and no worker claimed or sent after it.
    const afterPass = sink.messages.length;
    expect(afterPass).toBe(9);
    await new Promise((r) => setTimeout(r, 300));
    expect(sink.messages.length).toBe(afterPass);

    await b.tick();
    expect(sink.messages).toHaveLength(11);
    for (const email of emails) expect(receivedBy(sink, email)).toBeLessThanOrEqual(1);
    const leads = await ok<LeadRow[]>(b.api.call('GET', `${V1}/sequences/${seqId}/leads`));
    expect(leads.filter((l) => l.reason === 'lead deleted')).toEqual([]);
    // The step whose send threw stays reserved (`sending`) until its lease expires to `uncertain`.
    expect(leads.filter((l) => l.status === 'active')).toHaveLength(1);
  });

  it('a claim that fails mid-pass ends the refilling: what was claimed is sent, the rest goes next pass', async () => {
    const b = await bench();
    const sink = await b.sink();
    const emails = Array.from({ length: 12 }, (_, i) => `lead${i}@lead.test`);
    await oneStepSequence(b, sink, 'Claim fails', emails);
    const enrollments = b.ts.server.store.enrollments;
    const claimDue = enrollments.claimDue.bind(enrollments);
    let claims = 0;
    const spy = vi.spyOn(enrollments, 'claimDue').mockImplementation(async (...args) => {
      claims += 1;
      if (claims === 2) throw new Error('the database went away (test)');
      return claimDue(...args);
    });
    const logged = vi.spyOn(b.ts.server.http.fastify.log, 'error');

    const first = await b.ts.server.engine.tick();
    expect(first).toMatchObject({ claimed: 5, sent: 5 });
    expect(logged).toHaveBeenCalledWith(expect.anything(), 'claiming the next batch of due steps failed');
    const second = await b.ts.server.engine.tick();
    spy.mockRestore();
    expect(second).toMatchObject({ claimed: 7, sent: 7 });
    expect(sink.messages).toHaveLength(12);
    for (const email of emails) expect(receivedBy(sink, email)).toBe(1);
  });
});

it('send slots: at most `size` run at once, and a freed slot goes to the longest waiter', async () => {
  const slots = new SendSlots(2);
  const started: number[] = [];
  const release: (() => void)[] = [];
  const runs = [0, 1, 2, 3].map((i) =>
    slots.run('sender', async () => {
      started.push(i);
      await new Promise<void>((resolve) => release.push(resolve));
      return i;
    }),
  );
  await new Promise((r) => setImmediate(r));
  expect(started).toEqual([0, 1]);
  release.shift()!();
  await new Promise((r) => setImmediate(r));
  expect(started).toEqual([0, 1, 2]);
  // A newcomer while 3 waits for nothing still queues behind the waiting ones.
  const late = slots.run('sender', async () => {
    started.push(4);
    return 4;
  });
  release.shift()!();
  await new Promise((r) => setImmediate(r));
  expect(started).toEqual([0, 1, 2, 3]);
  while (release.length > 0) release.shift()!();
  await new Promise((r) => setImmediate(r));
  expect(await Promise.all([...runs, late])).toEqual([0, 1, 2, 3, 4]);
  expect(started).toEqual([0, 1, 2, 3, 4]);
});

it('send slots: a sender has at most `perSender` of them, and a freed slot goes to the longest waiter that may start', async () => {
  const slots = new SendSlots(3, 2);
  const started: string[] = [];
  const release = new Map<string, () => void>();
  const send = (name: string) =>
    slots.run(name.slice(0, 1), async () => {
      started.push(name);
      await new Promise<void>((resolve) => release.set(name, resolve));
      return name;
    });
  const turn = () => new Promise((r) => setImmediate(r));
  // Three sends of sender a: the third waits for one of a's two, though a slot is free.
  const runs = [send('a1'), send('a2'), send('a3')];
  await turn();
  expect(started).toEqual(['a1', 'a2']);
  // b takes the free slot past the waiting a3, which could not have it.
  runs.push(send('b1'), send('b2'));
  await turn();
  expect(started).toEqual(['a1', 'a2', 'b1']);
  // b1's slot goes past a3, which still may not start, to b2.
  release.get('b1')!();
  await turn();
  expect(started).toEqual(['a1', 'a2', 'b1', 'b2']);
  // a1's slot goes to a3, now that a has a connection free.
  release.get('a1')!();
  await turn();
  expect(started).toEqual(['a1', 'a2', 'b1', 'b2', 'a3']);
  for (const name of ['a2', 'a3', 'b2']) release.get(name)!();
  expect(await Promise.all(runs)).toEqual(['a1', 'a2', 'a3', 'b1', 'b2']);
});
