import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, lastLine, ROOT, runCli, startServe, useTempDirs, type Served } from './support/cli.js';

beforeAll(() => ensureBuilt());

const DASHBOARD_LINE = /^Dashboard: (http:\/\/\S+) {2}login (\S+) \/ (\S+)$/m;

/** Signs in through the HTTP API; answers the status and, on success, the cookie. */
async function signIn(url: string, email: string, password: string): Promise<{ status: number; cookie?: string }> {
  const res = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  return { status: res.status, ...(cookie ? { cookie } : {}) };
}

async function withServe<T>(dir: string, env: Record<string, string>, work: (s: Served) => Promise<T>): Promise<T> {
  const served = await startServe(['--port', '0', '--no-engine', '--data-dir', dir], env);
  try {
    const result = await work(served);
    // A request answered means serve got past printing its banner to installing its SIGTERM handler.
    expect((await fetch(`${served.url}/healthz`)).status).toBe(200);
    return result;
  } finally {
    expect(await served.stop()).toBe(0);
  }
}

/** A data dir an earlier version left: a workspace and key, no user with a password. */
async function seedWithoutUsers(dataDir: string): Promise<void> {
  const built = pathToFileURL(join(ROOT, 'packages/server/dist/index.js')).href;
  const { createStore, KeyService, migrateToLatest, openDatabase, systemClock } = (await import(
    built
  )) as typeof import('@blinkpost/server');
  const db = openDatabase({ dialect: 'sqlite', file: join(dataDir, 'blinkpost.sqlite') });
  try {
    await migrateToLatest(db);
    await new KeyService(createStore(db), systemClock).create({ workspace: 'Old Co', role: 'admin', name: 't' });
  } finally {
    await db.close();
  }
}

describe('the first dashboard admin', { timeout: 60_000 }, () => {
  const tempDir = useTempDirs();

  it('is made and printed on the first start, with the URL, and signs in; not printed again', async () => {
    const dir = tempDir();
    await withServe(dir, {}, async (served) => {
      const out = served.stdout();
      const [, url, email, password] = DASHBOARD_LINE.exec(out) ?? [];
      expect(url).toBe(served.url);
      expect(email).toBe('admin@localhost');
      expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
      // After the first key, which is still printed.
      expect(out.indexOf('Dashboard:')).toBeGreaterThan(out.indexOf('bp_live_'));
      const session = await signIn(served.url, 'admin@localhost', password!);
      expect(session.status).toBe(200);
      const lists = await fetch(`${served.url}/api/public/v1.0.0/lists`, { headers: { cookie: session.cookie! } });
      expect(lists.status).toBe(200);
    });
    await withServe(dir, {}, async (served) => {
      expect(served.stdout()).not.toContain('Dashboard:');
      expect(served.stdout()).not.toContain('First start');
    });
  });

  it('takes its email from BLINKPOST_ADMIN_EMAIL', async () => {
    await withServe(tempDir(), { BLINKPOST_ADMIN_EMAIL: 'ops@example.com' }, async (served) => {
      const [, , email, password] = DASHBOARD_LINE.exec(served.stdout()) ?? [];
      expect(email).toBe('ops@example.com');
      expect((await signIn(served.url, 'ops@example.com', password!)).status).toBe(200);
      expect((await signIn(served.url, 'admin@localhost', password!)).status).toBe(401);
    });
  });

  it('is made on an existing install where nobody can sign in, in its workspace', async () => {
    const dir = tempDir();
    await seedWithoutUsers(dir);
    await withServe(dir, {}, async (served) => {
      const out = served.stdout();
      expect(out).not.toContain('First start');
      const [, , , password] = DASHBOARD_LINE.exec(out) ?? [];
      const res = await fetch(`${served.url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'admin@localhost', password }),
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ user: { role: 'admin' }, workspace: { name: 'Old Co' } });
    });
  });
});

describe('blinkpost users set-password', { timeout: 120_000 }, () => {
  const tempDir = useTempDirs();

  it('generates and prints a password, or takes one from --password or stdin; each replaces the last', async () => {
    const dir = tempDir();
    await seedWithoutUsers(dir);
    // The first start makes the admin; its printed password is then replaced.
    await withServe(dir, {}, async (served) => {
      expect(served.stdout()).toContain('Dashboard:');
    });

    const generated = await runCli(['users', 'set-password', 'ADMIN@localhost', '--data-dir', dir]);
    expect(generated.code).toBe(0);
    expect(generated.stdout).toContain('Set the password of admin@localhost (workspace "Old Co")');
    const password = lastLine(generated.stdout);
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);

    const given = await runCli([
      'users',
      'set-password',
      'admin@localhost',
      '--password',
      'given pass 1',
      '--data-dir',
      dir,
    ]);
    expect(given.code).toBe(0);
    expect(given.stdout).not.toContain('shown only this once');

    const env = { ...process.env };
    delete env['DATABASE_URL'];
    const piped = spawnSync(
      process.execPath,
      [join(ROOT, 'packages/cli/bin/blinkpost.js'), 'users', 'set-password', 'admin@localhost', '--password', '-'],
      { input: 'from stdin 12345\n', env: { ...env, BLINKPOST_DATA_DIR: dir }, encoding: 'utf8' },
    );
    expect(piped.status, piped.stderr).toBe(0);
    expect(piped.stdout).not.toContain('shown only this once');

    await withServe(dir, {}, async (served) => {
      expect(served.stdout()).not.toContain('Dashboard:');
      expect((await signIn(served.url, 'admin@localhost', password)).status).toBe(401);
      expect((await signIn(served.url, 'admin@localhost', 'given pass 1')).status).toBe(401);
      expect((await signIn(served.url, 'admin@localhost', 'from stdin 12345')).status).toBe(200);
    });
  });

  it('refuses a short password and an unknown email', async () => {
    const dir = tempDir();
    await seedWithoutUsers(dir);
    const short = await runCli(['users', 'set-password', 'x@example.com', '--password', 'short', '--data-dir', dir]);
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('password must be at least 10 characters');
    const unknown = await runCli(['users', 'set-password', 'x@example.com', '--data-dir', dir]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No user with the email "x@example.com"');
  });
});
