/* global fetch */
// What every benchmark shares: paths, the server child process, ids, PostgreSQL schemas, small maths.
import { Buffer } from 'node:buffer';
import { fork } from 'node:child_process';
import { randomBytes, randomFillSync } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
/** Bench data lives here (git-ignored), never in the repo's data/. */
export const WORK_DIR = join(ROOT, '.bench');
export const PG_URL = process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

// The drivers the server itself uses, resolved from its package so the bench measures the same builds.
const serverRequire = createRequire(join(ROOT, 'packages/server/package.json'));
/** better-sqlite3, as the server loads it */
export const SQLite = serverRequire('better-sqlite3');
/** pg, as the server loads it */
export const pg = serverRequire('pg');
/** the server's Fastify, for the bare baseline */
export const fastifyPath = serverRequire.resolve('fastify');

/** A fresh directory under .bench/ for one run. */
export function freshDir(name) {
  const dir = join(WORK_DIR, `${name}-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

// Random bytes drawn in bulk: one randomFillSync per 4,096 ids instead of one randomBytes per id.
const POOL = Buffer.alloc(16 * 4096);
let poolAt = POOL.length;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** A UUIDv7-shaped id for time `ms`, with 74 random bits, like the server's newId. */
export function uuidv7(ms) {
  if (poolAt === POOL.length) {
    randomFillSync(POOL);
    poolAt = 0;
  }
  const b = POOL.subarray(poolAt, poolAt + 16);
  poolAt += 16;
  b.writeUIntBE(ms, 0, 6);
  b[6] = 0x70 | (b[6] & 0x0f);
  b[8] = 0x80 | (b[8] & 0x3f);
  let s = '';
  for (let i = 0; i < 16; i++) s += (i === 4 || i === 6 || i === 8 || i === 10 ? '-' : '') + HEX[b[i]];
  return s;
}

/** The median of some numbers. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Resident set size of a process in bytes, from /proc (Linux). */
export function rssOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /^VmRSS:\s+(\d+) kB/m.exec(status);
  if (!m) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]) * 1024;
}

/**
 * CPU time (user + system) a process has used, in ms, from /proc (Linux; 10 ms resolution); with `tid`,
 * one thread's (a process's main thread has the process's id).
 */
export function cpuMsOf(pid, tid) {
  const stat = readFileSync(tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/**
 * CPU time (ms) of each PostgreSQL process on this machine (the server runs here, on loopback), by
 * pid; empty where there is no /proc. Compare two with `postgresCpuSince`.
 */
export function postgresCpu() {
  const byPid = new Map();
  if (!existsSync('/proc')) return byPid;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres') byPid.set(pid, cpuMsOf(pid));
    } catch {
      // gone between the listing and the read
    }
  }
  return byPid;
}

/**
 * The CPU (ms) PostgreSQL's processes used since `before` (a `postgresCpu()`): what each process alive
 * now used since then (all of it, for one started since). A process that ended in between (an
 * autovacuum worker) takes its share with it, so this is a floor.
 */
export function postgresCpuSince(before) {
  let total = 0;
  for (const [pid, ms] of postgresCpu()) total += ms - (before.get(pid) ?? 0);
  return total;
}

/**
 * Starts bench/server-child.mjs: a Blinkpost server (`{ mode: 'blinkpost', storage }`) or a bare
 * Fastify route (`{ mode: 'bare', body }`) on a loopback port. BENCH_CHILD_FLAGS adds Node flags
 * (e.g. `--cpu-prof --cpu-prof-dir=.bench/prof`).
 */
export async function startChild(spec) {
  const flags = (process.env['BENCH_CHILD_FLAGS'] ?? '').split(' ').filter(Boolean);
  const child = fork(join(ROOT, 'bench/server-child.mjs'), [], {
    execArgv: flags,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const url = await new Promise((resolve, reject) => {
    child.once('message', (m) => (m.type === 'ready' ? resolve(m.url) : reject(new Error(m.error))));
    child.once('exit', (code) => reject(new Error(`server child exited with code ${code} before it was ready`)));
    child.send({ type: 'start', spec });
  });
  return {
    url,
    pid: child.pid,
    /** the child's process.memoryUsage(), asked over IPC (answered between two of its tasks) */
    memory: () =>
      new Promise((resolve) => {
        const answer = (m) => {
          if (m.type !== 'memory') return;
          child.off('message', answer);
          resolve(m.usage);
        };
        child.on('message', answer);
        child.send({ type: 'memory' });
      }),
    /** asks a Blinkpost child to write every tracked event it answered, and waits until it has */
    flush: () =>
      new Promise((resolve, reject) => {
        const answer = (m) => {
          if (m.type !== 'flushed') return;
          child.off('message', answer);
          if (m.error) reject(new Error(m.error));
          else resolve();
        };
        child.on('message', answer);
        child.send({ type: 'flush' });
      }),
    /** asks the child to close cleanly and waits for it to exit */
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.send({ type: 'stop' });
      }),
  };
}

/** A JSON request to the server under test; throws on a non-2xx answer. */
export async function api(url, key, method, path, body) {
  const res = await fetch(url + path, {
    method,
    headers: { authorization: key, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
  return json;
}

/** Runs `fn` with a connected pg client (search_path set to `schema` when given). */
export async function withPg(fn, schema) {
  const client = new pg.Client({
    connectionString: PG_URL,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Whether PostgreSQL answers at PG_URL. */
export async function postgresReachable() {
  try {
    await withPg((c) => c.query('select 1'));
    return true;
  } catch {
    return false;
  }
}

/**
 * A fresh database for one benchmark: a SQLite file under .bench/, or a PostgreSQL schema of
 * its own; `drop` removes it.
 */
export async function freshStorage(dialect, name) {
  if (dialect === 'sqlite') {
    const dir = freshDir(name);
    return {
      storage: { dialect: 'sqlite', file: join(dir, 'bench.sqlite') },
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const schema = `bench_${name.replace(/\W/g, '_')}_${randomBytes(4).toString('hex')}`;
  await withPg((c) => c.query(`create schema ${schema}`));
  return {
    storage: { dialect: 'postgres', url: PG_URL, schema },
    drop: () => withPg((c) => c.query(`drop schema ${schema} cascade`)),
  };
}

/** Figures printed to a fixed precision: 12,345 / 1.23. */
export const fmt = (n, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
