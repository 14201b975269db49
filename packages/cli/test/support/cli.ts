import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const BIN = join(ROOT, 'packages/cli/bin/blinkpost.js');

/** Builds the CLI once if it was never built; `npm test` builds it before vitest runs. */
export function ensureBuilt(): void {
  if (!existsSync(join(ROOT, 'packages/cli/dist/bin.js'))) {
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  }
}

/** A scratch directory, removed after the suite; commands run in it so nothing lands in the repository. */
export function useTempDirs(): () => string {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), 'blinkpost-cli-'));
    made.push(dir);
    return dir;
  };
}

// Commands run here unless told otherwise, so a default ./data never lands in a shared directory.
const scratch = mkdtempSync(join(tmpdir(), 'blinkpost-cwd-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// The environment of a user who has set nothing, plus what a test sets. The config file is one no
// test writes unless it says so, so the developer's own `blinkpost login` never leaks into a test.
function envWith(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['DATABASE_URL', 'BLINKPOST_DATA_DIR', 'PORT', 'HOST', 'LOG_LEVEL', 'NODE_OPTIONS'])
    delete env[name];
  return { ...env, BLINKPOST_CONFIG: join(scratch, 'untouched', 'config.json'), ...extra };
}

/** What a finished command printed and how it exited. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `blinkpost ARGS` to completion, with `input` on stdin if given. */
export function runCli(
  args: string[],
  opts: { env?: Record<string, string>; cwd?: string; input?: string } = {},
): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: opts.cwd ?? scratch, env: envWith(opts.env ?? {}), timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
}

/** The last line a command printed: where `keys create` puts the key. */
export const lastLine = (out: string): string => out.trimEnd().split('\n').at(-1) ?? '';

/** A `blinkpost serve` process that has printed its URL. */
export interface Served {
  url: string;
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** resolves once stdout contains `text` */
  waitFor(text: string): Promise<void>;
  /** sends `signal` (unless one was sent) and answers the exit code */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `blinkpost serve ARGS` and waits for the line that names its URL. */
export async function startServe(args: string[], env: Record<string, string> = {}): Promise<Served> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], {
    cwd: scratch,
    env: envWith(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    for (const w of waiters.filter((w) => out.includes(w.text))) w.resolve();
  });
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = (text: string) =>
    new Promise<void>((resolve, reject) => {
      if (out.includes(text)) return resolve();
      const timer = setTimeout(() => reject(new Error(`no ${JSON.stringify(text)} in:\n${out}\n${err}`)), 20_000);
      waiters.push({ text, resolve: () => (clearTimeout(timer), resolve()) });
      void exited.then(() =>
        reject(new Error(`serve exited before printing ${JSON.stringify(text)}:\n${out}\n${err}`)),
      );
    });
  await waitFor('Blinkpost is serving http');
  const url = /Blinkpost is serving (http:\/\/\S+)/.exec(out)?.[1] ?? '';
  return {
    url,
    child,
    stdout: () => out,
    stderr: () => err,
    waitFor,
    stop: async (signal = 'SIGTERM') => {
      // A second signal means "stop now" to serve, so a process already told to stop is only awaited.
      if (child.exitCode === null && !child.killed) child.kill(signal);
      return exited;
    },
  };
}

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** GET `path` with a key, as a SalesBlink client sends it. */
export async function getWithKey(url: string, path: string, key: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${url}${path}`, { headers: { authorization: key } });
  return { status: res.status, body: await res.json() };
}
