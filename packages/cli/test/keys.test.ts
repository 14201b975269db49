import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, getWithKey, lastLine, runCli, startServe, useTempDirs } from './support/cli.js';

const KEY = /^bp_live_[A-Za-z0-9]{32,}$/;

beforeAll(() => ensureBuilt());

/** Runs `blinkpost keys create` and answers the key and its id. */
async function createKey(dataDir: string, workspace = 'Acme', role = 'member', name = 'ci') {
  const res = await runCli([
    'keys',
    'create',
    '--workspace',
    workspace,
    '--role',
    role,
    '--name',
    name,
    '--data-dir',
    dataDir,
  ]);
  expect(res.stderr).toBe('');
  expect(res.code).toBe(0);
  const id = /key (\S+) for workspace/.exec(res.stdout)?.[1] ?? '';
  return { key: lastLine(res.stdout), id, stdout: res.stdout };
}

describe('blinkpost keys', { timeout: 60_000 }, () => {
  const tempDir = useTempDirs();

  it('create prints the key as the last line, and the key authenticates against a served data dir', async () => {
    const dir = tempDir();
    const created = await createKey(dir);
    expect(created.key).toMatch(KEY);
    expect(created.stdout).toContain('member key');
    expect(created.stdout).toContain('"Acme"');
    expect(created.stdout.split(created.key)).toHaveLength(2);

    const served = await startServe(['--port', '0', '--data-dir', dir]);
    try {
      // The database already has a workspace, so serve makes no first key.
      expect(served.stdout()).not.toContain('bp_live_');
      const lists = await getWithKey(served.url, '/api/public/lists', created.key);
      expect(lists).toMatchObject({ status: 200, body: { success: true, data: [] } });
      const bearer = await fetch(`${served.url}/api/public/sequences`, {
        headers: { authorization: `Bearer ${created.key}` },
      });
      expect(bearer.status).toBe(200);
      const wrong = await getWithKey(served.url, '/api/public/lists', `${created.key}x`);
      expect(wrong.status).toBe(401);
    } finally {
      expect(await served.stop()).toBe(0);
    }
  });

  it('create reuses a workspace by name, and list shows each key by its hint, never the key', async () => {
    const dir = tempDir();
    const a = await createKey(dir, 'Acme', 'admin', 'ops');
    const b = await createKey(dir, 'Acme', 'member', 'ci');
    const c = await createKey(dir, 'Globex', 'member', 'other');
    const all = await runCli(['keys', 'list', '--data-dir', dir]);
    expect(all.code).toBe(0);
    for (const k of [a, b, c]) {
      expect(all.stdout).toContain(k.id);
      expect(all.stdout).toContain(k.key.slice(0, 12));
      expect(all.stdout).not.toContain(k.key.slice(12));
    }
    const acme = await runCli(['keys', 'list', '--workspace', 'Acme', '--data-dir', dir]);
    expect(acme.stdout).toContain(a.id);
    expect(acme.stdout).toContain(b.id);
    expect(acme.stdout).not.toContain(c.id);
    expect(acme.stdout).not.toContain('Globex');

    const missing = await runCli(['keys', 'list', '--workspace', 'Nope', '--data-dir', dir]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('no workspace named "Nope"');
  });

  it('list on an empty data dir says how to make a key', async () => {
    const res = await runCli(['keys', 'list', '--data-dir', tempDir()]);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('blinkpost keys create');
  });

  it('revoke makes the key fail with 401, and revoking it again fails', async () => {
    const dir = tempDir();
    const created = await createKey(dir);
    const before = await startServe(['--port', '0', '--data-dir', dir]);
    try {
      expect((await getWithKey(before.url, '/api/public/lists', created.key)).status).toBe(200);
    } finally {
      expect(await before.stop()).toBe(0);
    }

    const revoked = await runCli(['keys', 'revoke', created.id, '--data-dir', dir]);
    expect(revoked).toMatchObject({ code: 0, stderr: '' });
    expect(revoked.stdout).toContain(`Revoked key ${created.id}`);
    expect((await runCli(['keys', 'list', '--data-dir', dir])).stdout).toContain('revoked');

    const after = await startServe(['--port', '0', '--data-dir', dir]);
    try {
      const res = await getWithKey(after.url, '/api/public/lists', created.key);
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ success: false, error: { code: 'unauthorized' } });
    } finally {
      expect(await after.stop()).toBe(0);
    }

    const again = await runCli(['keys', 'revoke', created.id, '--data-dir', dir]);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('was not found');
  });
});

describe('blinkpost migrate', { timeout: 60_000 }, () => {
  const tempDir = useTempDirs();

  it('reports the migrations it applied, then that the database is up to date', async () => {
    const dir = tempDir();
    const first = await runCli(['migrate', '--data-dir', dir]);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toMatch(/^applied 0001-initial\b.* to SQLite file .*blinkpost\.sqlite\n$/);
    expect(existsSync(join(dir, 'blinkpost.sqlite'))).toBe(true);
    const second = await runCli(['migrate', '--data-dir', dir]);
    expect(second).toMatchObject({ code: 0, stderr: '' });
    expect(second.stdout).toMatch(/^SQLite file .*blinkpost\.sqlite is up to date\n$/);
  });
});

describe('invalid invocations', { timeout: 60_000 }, () => {
  const tempDir = useTempDirs();

  it.each([
    [['keys', 'create', '--workspace', 'Acme', '--role', 'owner'], /'owner' is invalid.*admin, member/s],
    [['keys', 'create', '--role', 'admin'], /required option '--workspace <name>'/],
    [['serve', '--port', '70000'], /must be a port number/],
    [['serve', '--port', 'http'], /must be a port number/],
    [['keys', 'frobnicate'], /unknown command 'frobnicate'/],
    [['keys', 'create', '--workspace', 'Acme', '--colour', 'red'], /unknown option '--colour'/],
  ])('blinkpost %j prints a helpful error and exits non-zero', async (args, message) => {
    const dir = tempDir();
    const res = await runCli([...args, '--data-dir', dir], { cwd: dir });
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(message);
    expect(res.stdout).not.toMatch(/bp_live_/);
    // Nothing was written: a refused command does not create a database.
    expect(existsSync(join(dir, 'blinkpost.sqlite'))).toBe(false);
  });

  it('refuses a DATABASE_URL it cannot use, naming it', async () => {
    const dir = tempDir();
    const res = await runCli(['keys', 'list'], { env: { DATABASE_URL: 'mysql://root@localhost/db' }, cwd: dir });
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain('DATABASE_URL must start with postgres:// or sqlite:');
  });
});
