// The machine a run happened on, the final table, and docs/benchmarks.md.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { ROOT, SQLite, withPg } from './common.mjs';

/** What the figures depend on: cores, CPU, memory, Node, the databases, the date. */
export async function machineInfo(withPostgres) {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? 'unknown';
  const db = new SQLite(':memory:');
  const sqlite = db.prepare('select sqlite_version() as v').get().v;
  db.close();
  const postgres = withPostgres
    ? await withPg(async (c) => (await c.query('show server_version')).rows[0].server_version)
    : undefined;
  return {
    nproc: availableParallelism(),
    cpu: model,
    memory: `${(totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    node: process.version,
    sqlite,
    postgres: postgres ?? 'not run',
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    loadBefore: loadavg()[0].toFixed(1),
  };
}

const HEADER = ['benchmark', 'dialect', 'figure', 'baseline', 'ratio', 'target', 'met'];
const met = (m) => (m === undefined ? '—' : m ? 'yes' : '**no**');

/** The result rows as a Markdown table. */
export function table(results) {
  const rows = results.map((r) => [r.bench, r.dialect, r.figure, r.baseline, r.ratio, r.target, met(r.met)]);
  const widths = HEADER.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(HEADER), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** One line per result with how it was measured. */
export function details(results) {
  return results.map((r) => `- **${r.bench}** [${r.dialect}]: ${r.detail}`).join('\n');
}

/** Rewrites docs/benchmarks.md with this run's figures. */
export function writeDocs({ results, machine, options }) {
  const missed = results.filter((r) => r.met === false);
  // The analysis is written by people; a new run keeps it after the generated part.
  const file = join(ROOT, 'docs/benchmarks.md');
  const previous = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const at = previous.indexOf('\n## Analysis\n');
  const analysis = at === -1 ? '' : previous.slice(at);
  const text = `# Benchmarks

Written by \`npm run bench\` (${options}); do not edit by hand, run it again. Every figure is
compared with a baseline measured in the same run on the same machine.

${table(results)}

${missed.length === 0 ? 'Every target was met.' : `Targets missed: ${missed.map((r) => `${r.bench} [${r.dialect}]`).join('; ')}.`}

## Machine

| | |
|---|---|
| cores (\`nproc\`) | ${machine.nproc} |
| CPU | ${machine.cpu} |
| memory | ${machine.memory} |
| Node.js | ${machine.node} |
| SQLite | ${machine.sqlite} |
| PostgreSQL | ${machine.postgres} (same machine, loopback) |
| date | ${machine.date} |
| load average (1 min) before / after | ${machine.loadBefore} / ${loadavg()[0].toFixed(1)} |

## How each figure was measured

${details(results)}

- **(a)** \`GET /api/public/sent?per_page=100&sequence_id=S&recipient_email_address=R\` over a table
  of sent activity (50 sequences; each recipient belongs to one sequence, so every filter matches
  the same number of rows, spread over the whole table). autocannon (10 connections, loopback)
  cycles through 100 different (S, R) filters. The baseline is a bare Fastify route (the server's
  own Fastify, no hooks, default serialiser) answering the very same 100 records from memory. After
  a warm-up of each, the two servers take turns in 3 rounds and the medians are compared, so a
  change in the machine's background load weighs on both. Rate limits are configured out of reach
  and the logger is off. The server CPU time per request (from \`/proc/<pid>/stat\`) has a row of its own:
  unlike requests/s it barely depends on what else the machine is doing.
- **(b)** each repetition creates a fresh list (\`POST /api/public/v1.0.0/lists\`), then times one
  \`POST /api/public/contacts\` from the first byte sent to the last byte of the answer; the body is
  serialised before the clock starts. The baseline builds the same rows (id, email key, the two JSON
  columns) and inserts them with the raw driver in one transaction: a prepared statement per row on
  SQLite (with the pragmas the server sets), one \`INSERT … SELECT FROM unnest(…)\` on PostgreSQL.
- **(c)** \`GET /api/public/sent\` without paging returns every record, streamed. The server runs in a
  child process; its RSS (\`VmRSS\` of \`/proc/<pid>/status\`) is sampled every 50 ms while the client
  reads the body and throws it away. Growth is the peak minus the RSS just before the request (after
  a warm-up request). The throughput baseline runs the server's keyset query through the raw driver
  in batches of 1,000 and JSON-encodes each row.

The data: a workspace and an admin key made by the server's own \`KeyService\`, 50 sequences and the
activity rows written straight through the driver (a prepared statement in one transaction on
SQLite, \`INSERT … SELECT … FROM generate_series(…)\` on PostgreSQL), indexes rebuilt from their own
definitions; seeding is not timed.

The server under test always runs in its own process (\`bench/server-child.mjs\`), so the load
generator does not share its event loop. PostgreSQL runs on the same machine; on a 2-core machine
the server, PostgreSQL and autocannon compete for the cores, which weighs on the PostgreSQL figures.

## How to reproduce

\`\`\`sh
npm ci
npm run bench                       # build, then every benchmark on both dialects (4–9 min on 2 cores)
node bench/run.mjs --quick          # after a build: 100,000 rows, shorter loads; leaves this file alone
node bench/run.mjs --only a,c --dialects sqlite
BENCH_DATABASE_URL=postgres://user@host:5432/db npm run bench
BENCH_CHILD_FLAGS="--cpu-prof --cpu-prof-dir=.bench/prof" node bench/run.mjs --only a
\`\`\`

PostgreSQL defaults to \`postgres://postgres@127.0.0.1:5432/test\`; each benchmark works in a schema
of its own (\`bench_…\`) that it drops at the end; SQLite files go under \`.bench/\` (git-ignored).
A run that is not complete (\`--quick\`, \`--only\`, \`--dialects\`) writes this file only with
\`--docs\`.
${analysis}`;
  writeFileSync(file, text);
}
