import { afterAll, beforeAll, describe, it } from 'vitest';
import { describeEachDialect, type Dialect } from '../support/dialects.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';
import { checkRun, noFigures, settled } from './kill-check.js';
import {
  createList,
  createSenders,
  markedSteps,
  openFaultServer,
  startSequence,
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

// 25 runs per dialect keep the suite inside its time budget; FAULT_KILL_RUNS=200 for a deeper soak.
const RUNS = Number(process.env['FAULT_KILL_RUNS'] ?? 25);
const LEADS = 20;
// Short leases, so an interrupted send turns `uncertain`, and a dead worker's claims and SQLite lease
// lapse, within a fraction of a second.
const WORKER_ENV = {
  BLINKPOST_ENGINE_INTERVAL_MS: '20',
  BLINKPOST_SEND_LEASE_MS: '300',
  BLINKPOST_CLAIM_LEASE_MS: '300',
  BLINKPOST_ENGINE_LEASE_MS: '500',
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// The dialects run side by side: each loop spends much of its time waiting (start-ups, leases), so
// together they take less than one after the other, and the serial suite stays short on two cores.
describe.concurrent('worker crashes', () => {
  describeEachDialect('kill -9 of a worker at random moments', (dialect: Dialect) => {
    let db: FaultDb | undefined;
    let api: FaultServer | undefined;
    let sink: SmtpSink | undefined;
    const live = new Set<WorkerProcess>();
    const spawn = () => {
      const w = spawnWorker(db!, WORKER_ENV, { warm: true });
      live.add(w);
      void w.exited.then(() => live.delete(w));
      return w;
    };

    beforeAll(async () => {
      await ensureCliBuilt();
      db = await createFaultDb(dialect);
      api = await openFaultServer(db);
      sink = await startSmtpSink();
    }, 240_000);

    afterAll(async () => {
      await Promise.all([...live].map((w) => stopWorker(w)));
      await api?.close();
      await sink?.close();
      await db?.destroy();
    });

    /** Resolves when the SQLite lease is free, or will be within `earlyMs` (a worker needs that long to start). */
    const leaseLapses = (earlyMs: number) =>
      waitFor(
        'the dead worker’s lease to lapse',
        async () => {
          const lease = await api!.server.store.leases.get('engine');
          return !lease || lease.expiresAt - earlyMs < Date.now();
        },
        5_000,
        10,
      );

    /**
     * Lets the next warm standby become the worker, and warms another. On SQLite it is let go just
     * before the dead worker's lease lapses; should it still find the lease held, it exits saying so
     * (the lease doing its job) and the next standby goes once the lease has surely lapsed.
     */
    async function takeOver(standbys: WorkerProcess[]): Promise<WorkerProcess> {
      for (let attempt = 0; ; attempt++) {
        if (dialect === 'sqlite') await leaseLapses(attempt === 0 ? 250 : -20);
        const w = standbys.shift()!;
        standbys.push(spawn());
        w.go();
        try {
          await w.ready;
          return w;
        } catch (err) {
          if (attempt >= 3 || !w.output().includes('another Blinkpost engine')) throw err;
          refusals += 1;
        }
      }
    }
    let refusals = 0;

    it(`${RUNS} runs of ${LEADS} leads: nothing sent twice, nothing silently lost`, async ({ expect }) => {
      const started = Date.now();
      const senders = await createSenders(api!, sink!.port, 2);
      const store = api!.server.store;
      // Two workers warm up in the background while a run goes on: a start-up takes seconds of CPU.
      const standbys = [spawn(), spawn()];
      let current = await takeOver(standbys);
      const runs: { seqId: string; emails: string[] }[] = [];
      const killedAt = { beforeAny: 0, midRun: 0, afterAll: 0 };
      for (let run = 0; run < RUNS; run++) {
        // Each run starts a sequence and kills the worker while it works on it (and perhaps on the runs
        // before it): at a random time in its first 300 ms (often before it sends anything), or, every
        // other run, right after a random number of the run's messages arrived (mid-batch, sends in flight).
        const emails = Array.from({ length: LEADS }, (_, i) => `r${run}l${i}@lead.test`);
        const listId = await createList(api!, `Run ${run}`, emails);
        const mark = sink!.messages.length;
        const arrived = () => sink!.messages.slice(mark).filter((m) => m.to[0]?.startsWith(`r${run}l`)).length;
        runs.push({ seqId: await startSequence(api!, listId, senders, { steps: markedSteps(1) }), emails });
        if (run % 2 === 0) await sleep(Math.random() * 300);
        else {
          const k = 1 + Math.floor(Math.random() * (LEADS - 1));
          await waitFor(`${k} messages of run ${run}`, () => arrived() >= k, 20_000, 3);
          await sleep(Math.random() * 10);
        }
        await stopWorker(current, 'SIGKILL');
        const n = arrived();
        killedAt[n === 0 ? 'beforeAny' : n < LEADS ? 'midRun' : 'afterAll'] += 1;
        current = await takeOver(standbys);
      }
      const killed = Date.now();
      // The last worker lives: it must finish every run, turning what the dead left `sending` uncertain.
      for (const { seqId } of runs) {
        await waitFor(`sequence ${seqId} to settle`, () => settled(store, seqId, LEADS), 60_000, 25);
      }
      const settledIn = (Date.now() - killed) / 1000;
      const figures = noFigures();
      for (const [run, { seqId, emails }] of runs.entries()) {
        await checkRun(api!, store, sink!, run, seqId, emails, figures);
      }
      const seconds = (Date.now() - started) / 1000;
      console.info(
        `kill -9 [${dialect}]: ${figures.runs} runs (${figures.runs} workers killed), ${figures.leads} leads ` +
          `in ${seconds.toFixed(1)} s (last run settled ${settledIn.toFixed(1)} s after the last kill); ` +
          `sent ${figures.sent}, uncertain ${figures.uncertainReceived} received + ${figures.uncertainNotReceived} not; ` +
          `duplicates ${figures.duplicates}, lost ${figures.lost}; killed before any/mid-run/after all of a run's ` +
          `messages arrived ${killedAt.beforeAny}/${killedAt.midRun}/${killedAt.afterAll}; ` +
          `starts refused by a live lease ${refusals}`,
      );
      expect(figures.problems).toEqual([]);
      expect(figures).toMatchObject({ runs: RUNS, duplicates: 0, lost: 0 });
      expect(figures.sent + figures.uncertainReceived + figures.uncertainNotReceived).toBe(RUNS * LEADS);
      // The kills did land in the narrow window this is about: the server took the message, the worker
      // died before recording it. (Killing right as a message arrives hits it in most mid-run kills.)
      if (RUNS >= 20) expect(figures.uncertainReceived).toBeGreaterThan(0);
    }, 600_000);
  });
});
