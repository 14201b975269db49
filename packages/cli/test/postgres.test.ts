import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, getWithKey, lastLine, runCli, startServe, useTempDirs } from './support/cli.js';

// The CLI takes a plain DATABASE_URL, so these tests get a database of their own rather than a schema.
const wanted = (process.env['TEST_DIALECTS'] ?? 'sqlite').split(',').map((d) => d.trim());
const testUrl = new URL(process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test');
const adminUrl = Object.assign(new URL(testUrl), { pathname: '/postgres' }).href;
const dbName = `bp_cli_${randomBytes(5).toString('hex')}`;
const databaseUrl = Object.assign(new URL(testUrl), { pathname: `/${dbName}` }).href;

async function admin(query: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(query);
  } finally {
    await client.end();
  }
}

describe.skipIf(!wanted.includes('postgres'))('the CLI on PostgreSQL (DATABASE_URL)', { timeout: 60_000 }, () => {
  const tempDir = useTempDirs();
  const env = { DATABASE_URL: databaseUrl };

  beforeAll(async () => {
    ensureBuilt();
    await admin(`create database ${dbName}`);
  });
  afterAll(async () => {
    await admin(`drop database if exists ${dbName} with (force)`);
  });

  it('migrate reports what it applied, then that the database is up to date', async () => {
    const cwd = tempDir();
    const first = await runCli(['migrate'], { env, cwd });
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toMatch(/^applied 0001-initial\b.* to PostgreSQL/);
    const second = await runCli(['migrate'], { env, cwd });
    expect(second).toMatchObject({ code: 0, stderr: '' });
    expect(second.stdout).toMatch(/^PostgreSQL.* is up to date\n$/);
  });

  it('keys create stores the key there, by hash only, and serve on that database accepts it', async () => {
    const dir = tempDir();
    const created = await runCli(
      ['keys', 'create', '--workspace', 'Acme', '--role', 'member', '--name', 'ci', '--data-dir', dir],
      {
        env,
      },
    );
    expect(created).toMatchObject({ code: 0, stderr: '' });
    const key = lastLine(created.stdout);
    expect(key).toMatch(/^bp_live_[A-Za-z0-9]{32,}$/);
    // DATABASE_URL wins over the data directory: no SQLite file was made.
    expect(existsSync(join(dir, 'blinkpost.sqlite'))).toBe(false);

    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const rows = await client.query<{ key_hash: string; role: string; name: string }>(
        'select k.key_hash, k.role, k.name from api_keys k join workspaces w on w.id = k.workspace_id where w.name = $1',
        ['Acme'],
      );
      expect(rows.rows).toEqual([
        { key_hash: createHash('sha256').update(key).digest('hex'), role: 'member', name: 'ci' },
      ]);
      expect(JSON.stringify((await client.query('select * from api_keys')).rows)).not.toContain(key);
    } finally {
      await client.end();
    }

    const listed = await runCli(['keys', 'list'], { env, cwd: dir });
    expect(listed.stdout).toContain(key.slice(0, 12));
    expect(listed.stdout).not.toContain(key.slice(12));

    const served = await startServe(['--port', '0', '--data-dir', dir], env);
    try {
      expect(served.stdout()).toContain('data: PostgreSQL');
      expect(served.stdout()).not.toContain('bp_live_');
      expect((await getWithKey(served.url, '/api/public/lists', key)).status).toBe(200);
      expect((await getWithKey(served.url, '/api/public/lists', 'bp_live_unknown')).status).toBe(401);
    } finally {
      expect(await served.stop()).toBe(0);
    }
  });
});
