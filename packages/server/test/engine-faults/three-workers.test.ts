import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOnPostgres } from '../support/dialects.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';
import {
  createList,
  createSenders,
  deliveryOf,
  markedSteps,
  openFaultServer,
  startSequence,
  statsOf,
  tally,
  V1,
  type FaultServer,
} from './outreach.js';
import {
  createFaultDb,
  ensureCliBuilt,
  spawnWorker,
  stopWorker,
  waitFor,
  type FaultDb,
  type WorkerProcess,
} from './processes.js';

const LEADS = 1000;
const STEPS = 3;
const WORKERS = 3;

// PostgreSQL only: on SQLite one engine runs per database file (kill-nine.test.ts tests its lease).
describeOnPostgres('three worker processes share one PostgreSQL database', () => {
  let db: FaultDb | undefined;
  let api: FaultServer | undefined;
  let sink: SmtpSink | undefined;
  let workers: WorkerProcess[] = [];

  beforeAll(async () => {
    await ensureCliBuilt();
    db = await createFaultDb('postgres');
    api = await openFaultServer(db);
    sink = await startSmtpSink();
  }, 240_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => stopWorker(w)));
    await api?.close();
    await sink?.close();
    await db?.destroy();
  });

  it(`sends ${LEADS} leads × ${STEPS} steps: each (enrollment, step) reaches the sink exactly once`, async () => {
    const started = Date.now();
    const senders = await createSenders(api!, sink!.port, 3);
    const emails = Array.from({ length: LEADS }, (_, i) => `lead${i}@lead.test`);
    const listId = await createList(api!, 'Three workers', emails);

    // The workers are up and idle before the sequence starts, so all three compete from its first pass.
    workers = Array.from({ length: WORKERS }, () =>
      spawnWorker(db!, { BLINKPOST_ENGINE_INTERVAL_MS: '50', LOG_LEVEL: 'info' }),
    );
    await Promise.all(workers.map((w) => w.ready));
    const seqId = await startSequence(api!, listId, senders, { steps: markedSteps(STEPS) });

    const total = LEADS * STEPS;
    await waitFor(
      `${total} messages and every lead completed`,
      async () => sink!.messages.length >= total && (await statsOf(api!, seqId)).leads.completed === LEADS,
      240_000,
      250,
    );
    // Anything sent twice would arrive about now: give it a moment, then stop the workers gently.
    await new Promise((r) => setTimeout(r, 500));
    await Promise.all(workers.map((w) => stopWorker(w, 'SIGTERM')));
    const seconds = (Date.now() - started) / 1000;

    const deliveries = sink!.messages.map(deliveryOf);
    expect(deliveries).toHaveLength(total);
    const byId = tally(deliveries, (d) => d.messageId);
    expect(byId.size).toBe(total);
    expect([...byId.values()].every((n) => n === 1)).toBe(true);
    const byStep = tally(deliveries, (d) => `${d.to}#${d.step}`);
    const expected = emails.flatMap((e) => Array.from({ length: STEPS }, (_, i) => `${e}#${i + 1}`));
    expect([...byStep.keys()].sort()).toEqual(expected.sort());

    // The ledger agrees: one `sent` row per (enrollment, step), with the Message-ID that arrived.
    const rows = await api!.server.store.db.kysely
      .selectFrom('messages')
      .select(['to_email', 'step', 'status', 'message_id'])
      .where('sequence_id', '=', seqId)
      .execute();
    expect(rows).toHaveLength(total);
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    const arrived = new Map(deliveries.map((d) => [d.messageId, d]));
    for (const r of rows) expect(arrived.get(r.message_id)).toMatchObject({ to: r.to_email, step: r.step + 1 });

    const sent = await api!.call('GET', `${V1}/sent?sequence_id=${seqId}`);
    expect(sent.json<{ count: number }>().count).toBe(total);
    const stats = await statsOf(api!, seqId);
    expect(stats).toMatchObject({ sent: total, messages: { sent: total, uncertain: 0, failed: 0 } });

    // Each process did part of the work, and together exactly all of it.
    const shares = workers.map((w) => w.reportedSent());
    expect(shares.every((n) => n > 0)).toBe(true);
    expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
    console.info(`3 workers, ${total} sends in ${seconds.toFixed(1)} s; shares ${shares.join('/')}; duplicates 0`);
  }, 300_000);
});
