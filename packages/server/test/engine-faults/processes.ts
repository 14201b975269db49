import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { StorageConfig } from '../../src/store/database.js';
import { PG_URL, type Dialect } from '../support/dialects.js';

/** The repository root, where `npm run build` and `node packages/cli/bin/blinkpost.js` run. */
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const CLI_BIN = join(REPO_ROOT, 'packages/cli/bin/blinkpost.js');
const WARM_PRELOAD = fileURLToPath(new URL('./warm-worker.mjs', import.meta.url));

/** The secret every process of a fault test shares, so workers can open the senders' passwords. */
export const FAULT_SECRET = 'blinkpost-fault-tests-secret';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` every `stepMs` until it answers true; fails with `what` after `timeoutMs`. */
export async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs: number, stepMs = 50) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(stepMs);
  }
}

function run(cmd: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/**
 * Brings packages/cli/dist up to date with the sources (`tsc -b`, a no-op in about a second when it
 * already is). Test files run in parallel, so one builds at a time, behind a lock directory.
 */
export async function ensureCliBuilt(): Promise<void> {
  const lock = join(tmpdir(), 'blinkpost-fault-build.lock');
  await waitFor(
    'the build lock',
    () => {
      try {
        mkdirSync(lock);
        return true;
      } catch {
        // a lock left by a killed run is stale after two minutes
        const held = statSync(lock, { throwIfNoEntry: false });
        if (held && Date.now() - held.mtimeMs > 120_000) rmdirSync(lock);
        return false;
      }
    },
    180_000,
    200,
  );
  try {
    const { code, output } = await run(process.execPath, [
      join(REPO_ROOT, 'node_modules/typescript/bin/tsc'),
      '-b',
      'packages/cli',
    ]);
    // tsc -b still emits when others' work in progress has type errors; only a missing CLI stops us.
    if (code !== 0 && !statSync(join(REPO_ROOT, 'packages/cli/dist/bin.js'), { throwIfNoEntry: false })) {
      throw new Error(`tsc -b packages/cli failed:\n${output}`);
    }
  } finally {
    rmdirSync(lock);
  }
}

/** A database of its own for one fault test, reachable by worker processes through `url`. */
export interface FaultDb {
  dialect: Dialect;
  storage: StorageConfig;
  /** what `blinkpost worker --database-url` takes */
  url: string;
  dataDir: string;
  destroy(): Promise<void>;
}

/** A fresh SQLite file, or a fresh PostgreSQL database `bp_fault_<random>` (dropped by `destroy`). */
export async function createFaultDb(dialect: Dialect): Promise<FaultDb> {
  const dataDir = mkdtempSync(join(tmpdir(), 'blinkpost-fault-'));
  const removeDir = () => rmSync(dataDir, { recursive: true, force: true });
  if (dialect === 'sqlite') {
    const file = join(dataDir, 'fault.sqlite');
    return { dialect, storage: { dialect, file }, url: `sqlite:${file}`, dataDir, destroy: async () => removeDir() };
  }
  const name = `bp_fault_${randomBytes(6).toString('hex')}`;
  const server = new URL(PG_URL);
  server.pathname = '/postgres';
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: server.href });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return {
    dialect,
    storage: { dialect, url: url.href, poolSize: 4 },
    url: url.href,
    dataDir,
    destroy: async () => {
      await admin(`drop database if exists ${name} with (force)`);
      removeDir();
    },
  };
}

/** A `blinkpost worker` process. */
export interface WorkerProcess {
  child: ChildProcess;
  /** resolves once the worker says it is sending; rejects if it exits first */
  ready: Promise<void>;
  /** resolves with the exit code (or signal) */
  exited: Promise<string>;
  /** for a warm worker: enter `blinkpost worker` now */
  go(): void;
  output(): string;
  /** messages the worker reported sent in its `engine pass` log lines (LOG_LEVEL=info) */
  reportedSent(): number;
}

/**
 * Spawns `node packages/cli/bin/blinkpost.js worker --database-url <db>` with `env` added. A `warm`
 * worker is the same command with a preload (`node --import warm-worker.mjs …`) that loads the CLI's
 * modules and then holds until `go()`: the 50 kill -9 runs start their next worker ahead of time.
 */
export function spawnWorker(
  db: FaultDb,
  env: Record<string, string>,
  opts: { warm?: boolean; nodeArgs?: string[] } = {},
): WorkerProcess {
  const args = [
    ...(opts.nodeArgs ?? []),
    ...(opts.warm ? ['--import', WARM_PRELOAD] : []),
    CLI_BIN,
    'worker',
    '--database-url',
    db.url,
  ];
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: {
      ...process.env,
      BLINKPOST_SECRET: FAULT_SECRET,
      BLINKPOST_DATA_DIR: db.dataDir,
      LOG_LEVEL: 'warn',
      ...env,
    },
  });
  let out = '';
  let partial = '';
  let sent = 0;
  const keep = (d: Buffer) => {
    out = (out + d.toString()).slice(-20_000);
  };
  child.stdout.on('data', (d: Buffer) => {
    const lines = (partial + d.toString()).split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      if (line.includes('"engine pass"')) sent += Number((JSON.parse(line) as { sent?: number }).sent ?? 0);
    }
  });
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<string>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? String(code))));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', () => {
      if (out.includes('worker is sending')) resolve();
    });
    void exited.then((how) => reject(new Error(`worker exited (${how}) before it was ready:\n${out}`)));
  });
  ready.catch(() => undefined);
  return {
    child,
    ready,
    exited,
    go: () => child.stdin.end('go\n'),
    output: () => out,
    reportedSent: () => sent,
  };
}

/** Sends `signal` and waits for the process to be gone. */
export async function stopWorker(w: WorkerProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<string> {
  if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill(signal);
  return w.exited;
}
