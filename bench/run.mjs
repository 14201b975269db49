// npm run bench: the performance targets of the public API, on SQLite and PostgreSQL, each
// against a baseline measured in the same run. See docs/benchmarks.md for what each one does.
//
//   node bench/run.mjs [--quick] [--only a,b,c,d,e] [--dialects sqlite,postgres] [--messages N] [--docs | --no-docs]
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { benchAddContacts } from './add-contacts.mjs';
import { fmt, freshStorage, PG_URL, postgresReachable } from './common.mjs';
import { details, machineInfo, table, writeDocs } from './report.mjs';
import { layout, prepareWorkspace, seedActivity } from './seed.mjs';
import { benchSentPage } from './sent-page.mjs';
import { benchSentStream } from './sent-stream.mjs';
import { benchSendThroughput } from './send-throughput.mjs';
import { benchTracking } from './tracking.mjs';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    messages: { type: 'string' },
    only: { type: 'string', default: 'a,b,c,d,e' },
    dialects: { type: 'string', default: 'sqlite,postgres' },
    docs: { type: 'boolean' },
    'no-docs': { type: 'boolean', default: false },
  },
});

const only = new Set(args.only.split(',').map((s) => s.trim()));
for (const b of only)
  if (!['a', 'b', 'c', 'd', 'e'].includes(b)) throw new Error(`--only: unknown benchmark ${b} (a, b, c, d or e)`);
const dialects = args.dialects.split(',').map((s) => s.trim());
for (const d of dialects) if (d !== 'sqlite' && d !== 'postgres') throw new Error(`--dialects: unknown dialect ${d}`);

const ROWS = args.quick ? 100_000 : 1_000_000;
const LOAD = args.quick ? { seconds: 3, warmup: 1 } : { seconds: 10, warmup: 3 };
const REPS = args.quick ? 3 : 7;
const complete = !args.quick && only.size === 5 && dialects.length === 2;
// The engine's memory must stay flat over 100,000 messages (issue 3); --messages changes the count.
const MESSAGES = args.messages ? Number(args.messages) : args.quick ? 2_000 : 100_000;
const options = `${args.quick ? 'quick, ' : ''}${fmt(ROWS)} activity rows, benchmarks ${[...only].join(', ')}`;

const log = (msg) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}`);

async function timed(what, fn) {
  const t0 = performance.now();
  log(`${what}…`);
  const out = await fn();
  log(`${what}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return out;
}

async function onActivity(dialect, results) {
  const { storage, drop } = await freshStorage(dialect, 'activity');
  try {
    const { key, workspaceId } = await prepareWorkspace(storage);
    const seqIds = await timed(`${dialect}: seeding ${fmt(ROWS)} activity rows`, () =>
      seedActivity(storage, workspaceId, ROWS),
    );
    const shape = layout(ROWS);
    const ctx = { dialect, storage, key, workspaceId, seqIds, layout: shape, ...LOAD };
    if (only.has('a')) results.push(...(await timed(`${dialect}: (a) sent page`, () => benchSentPage(ctx))));
    if (only.has('c')) results.push(...(await timed(`${dialect}: (c) sent stream`, () => benchSentStream(ctx))));
  } finally {
    await drop();
  }
}

async function onContacts(dialect, results) {
  const { storage, drop } = await freshStorage(dialect, 'contacts');
  try {
    results.push(
      ...(await timed(`${dialect}: (b) add contacts`, () => benchAddContacts({ dialect, storage, reps: REPS }))),
    );
  } finally {
    await drop();
  }
}

async function onSending(dialect, results) {
  const { storage, drop } = await freshStorage(dialect, 'send');
  try {
    results.push(
      ...(await timed(`${dialect}: (d) sending throughput`, () =>
        benchSendThroughput({ dialect, storage, count: MESSAGES }),
      )),
    );
  } finally {
    await drop();
  }
}

async function onTracking(dialect, results) {
  const { storage, drop } = await freshStorage(dialect, 'tracking');
  try {
    results.push(...(await timed(`${dialect}: (e) tracking`, () => benchTracking({ dialect, storage, ...LOAD }))));
  } finally {
    await drop();
  }
}

const usable = [];
for (const d of dialects) {
  if (d === 'postgres' && !(await postgresReachable())) {
    log(`PostgreSQL is not reachable at ${PG_URL}: skipping it (set BENCH_DATABASE_URL)`);
    continue;
  }
  usable.push(d);
}

const started = performance.now();
const machine = await machineInfo(usable.includes('postgres'));
log(`${machine.nproc} cores, ${machine.cpu}, ${machine.memory}, Node ${machine.node}; ${options}`);
if (Number(machine.loadBefore) > machine.nproc / 2) {
  log(`load average ${machine.loadBefore} on ${machine.nproc} cores: the machine is busy, figures will be noisy`);
}
const results = [];
for (const dialect of usable) {
  if (only.has('a') || only.has('c')) await onActivity(dialect, results);
  if (only.has('b')) await onContacts(dialect, results);
  if (only.has('d')) await onSending(dialect, results);
  if (only.has('e')) await onTracking(dialect, results);
}

console.log(`\n${table(results)}\n\n${details(results)}\n`);
const missed = results.filter((r) => r.met === false);
log(
  `${missed.length === 0 ? 'every target met' : `${missed.length} target(s) missed`} in ` +
    `${((performance.now() - started) / 1000).toFixed(0)} s`,
);
if (args['no-docs'] || !(args.docs ?? (complete && usable.length === 2))) {
  log('docs/benchmarks.md left as it was (a partial run; --docs writes it)');
} else {
  writeDocs({ results, machine, options });
  log('docs/benchmarks.md written');
}
