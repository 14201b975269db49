// (a) One page of the sent feed, filtered by sequence and recipient, under load; against a bare
// Fastify route answering the same 100 records from memory.
import { URLSearchParams } from 'node:url';
import autocannon from 'autocannon';
import { api, cpuMsOf, fastifyPath, fmt, median, startChild } from './common.mjs';
import { recipientEmail, SEQUENCES } from './seed.mjs';

// Distinct (sequence, recipient) filters the load cycles through, so no single row set stays hot.
const COMBOS = 100;
const CONNECTIONS = 10;
/** Target: the page answers at least this share of the bare route's requests/s. */
export const PAGE_TARGET = 0.5;

function loadTest(url, key, paths, seconds) {
  return autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    headers: { authorization: key },
    requests: paths.map((path) => ({ method: 'GET', path })),
  });
}

/** Rounds of load per server, alternated, so a change in the machine's background load hits both alike. */
const ROUNDS = 3;

// One load test, with the CPU time the server process spent per request (robust to other load on the machine).
async function round(server, key, paths, seconds) {
  const cpu0 = cpuMsOf(server.pid);
  const r = await loadTest(server.url, key, paths, seconds);
  const cpu = cpuMsOf(server.pid) - cpu0;
  if (r.errors || r.timeouts || r.non2xx) {
    throw new Error(`${server.url}: ${r.errors} errors, ${r.timeouts} timeouts, ${r.non2xx} non-2xx answers`);
  }
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, cpuMs: cpu / r.requests.total };
}

const mid = (rounds, k) => median(rounds.map((r) => r[k]));

/** Runs (a) on a seeded database; answers its rows for the final table (throughput, CPU per request). */
export async function benchSentPage({ dialect, storage, key, seqIds, layout, seconds, warmup }) {
  const paths = Array.from({ length: COMBOS }, (_, i) => {
    const r = Math.floor((i * layout.recipients) / COMBOS);
    const q = new URLSearchParams({
      per_page: '100',
      sequence_id: seqIds[r % SEQUENCES],
      recipient_email_address: recipientEmail(r),
    });
    return `/api/public/sent?${q}`;
  });

  const server = await startChild({ mode: 'blinkpost', storage });
  let bare;
  const ours = [];
  const theirs = [];
  try {
    const sample = await api(server.url, key, 'GET', paths[0]);
    if (sample.count !== 100) throw new Error(`the filter matched ${sample.count} records, not a full page of 100`);
    bare = await startChild({ mode: 'bare', body: sample, fastifyPath });
    await loadTest(server.url, key, paths, warmup);
    await loadTest(bare.url, key, paths, warmup);
    for (let i = 0; i < ROUNDS; i++) {
      ours.push(await round(server, key, paths, seconds / ROUNDS));
      theirs.push(await round(bare, key, paths, seconds / ROUNDS));
    }
  } finally {
    await server.stop();
    await bare?.stop();
  }

  const cpuMs = mid(ours, 'cpuMs');
  const baseCpuMs = mid(theirs, 'cpuMs');
  const rps = mid(ours, 'rps');
  const baseRps = mid(theirs, 'rps');
  const ratio = rps / baseRps;
  return [
    {
      bench: '(a) GET /sent page of 100, filtered',
      dialect,
      figure: `${fmt(rps)} req/s`,
      baseline: `${fmt(baseRps)} req/s (bare Fastify)`,
      ratio: `${fmt(ratio, 2)}×`,
      target: `≥ ${fmt(PAGE_TARGET, 2)}×`,
      met: ratio >= PAGE_TARGET,
      detail:
        `${fmt(layout.rows)} rows, ${COMBOS} filters of ${fmt(layout.rows / layout.recipients)} matching rows each, ` +
        `${CONNECTIONS} connections, ${ROUNDS} alternated rounds of ${fmt(seconds / ROUNDS, 1)} s per server ` +
        `(medians); rounds ${ours.map((r) => fmt(r.rps)).join(' / ')} vs ` +
        `${theirs.map((r) => fmt(r.rps)).join(' / ')} req/s; latency p50 ${mid(ours, 'p50')} ms, ` +
        `p99 ${mid(ours, 'p99')} ms (bare: ${mid(theirs, 'p50')} / ${mid(theirs, 'p99')} ms)`,
    },
    {
      // What the server spends per request hardly depends on what else the machine runs; requests/s does.
      bench: '(a) same, server CPU per request',
      dialect,
      figure: `${fmt(cpuMs, 2)} ms`,
      baseline: `${fmt(baseCpuMs, 2)} ms (bare Fastify)`,
      ratio: `${fmt(baseCpuMs / cpuMs, 2)}× (bare ÷ ours)`,
      target: '—',
      met: undefined,
      detail: 'user + system CPU time of the server process (/proc/<pid>/stat) over the measured rounds, per request',
    },
  ];
}
