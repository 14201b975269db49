import { randomBytes } from 'node:crypto';
import { get } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, freePort, getWithKey, ROOT, startServe, useTempDirs } from './support/cli.js';

beforeAll(() => ensureBuilt());

/**
 * Seeds a data dir the way an earlier run would have: a key, a sequence and `sent` activity rows.
 * It uses the built server the CLI runs, so both agree on the migrations.
 */
async function seed(dataDir: string, rows: number): Promise<string> {
  const built = pathToFileURL(join(ROOT, 'packages/server/dist/index.js')).href;
  const { createStore, KeyService, migrateToLatest, openDatabase, systemClock } = (await import(
    built
  )) as typeof import('@blinkpost/server');
  const db = openDatabase({ dialect: 'sqlite', file: join(dataDir, 'blinkpost.sqlite') });
  try {
    await migrateToLatest(db);
    const store = createStore(db);
    const created = await new KeyService(store, systemClock).create({ workspace: 'Acme', role: 'admin', name: 't' });
    const now = Date.now();
    const seq = await store.sequences.create({ workspaceId: created.workspaceId, name: 'Intro', ownedBy: 'ann' }, now);
    const activity = Array.from({ length: rows }, (_, i) => ({
      workspace_id: created.workspaceId,
      kind: 'sent' as const,
      time: now - i,
      sequence_id: seq.id,
      recipient_email: `lead${i}@example.com`,
      // Long subjects make a body of about 30 MB, far more than socket buffers hold.
      subject: `Quick question #${i} ${'about your widgets '.repeat(150)}`,
    }));
    await store.activity.insert(activity);
    return created.key;
  } finally {
    await db.close();
  }
}

/** One GET on a connection of its own: a status, or the network error a closed listener gives. */
function freshGet(url: string): Promise<{ status?: number; error?: string; code?: string }> {
  return new Promise((resolve) => {
    const req = get(`${url}/healthz`, { agent: false }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => {
        const parsed = JSON.parse(body) as { error?: { code?: string } };
        resolve({ status: res.statusCode, ...(parsed.error?.code ? { code: parsed.error.code } : {}) });
      });
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
  });
}

describe('blinkpost serve', { timeout: 60_000 }, () => {
  const tempDir = useTempDirs();

  it('prints its URL first, and the first admin key on the first start only', async () => {
    const dir = tempDir();
    const port = await freePort();
    const first = await startServe(['--port', String(port), '--data-dir', dir]);
    let key = '';
    try {
      expect(first.stdout().split('\n')[0]).toBe(`Blinkpost is serving http://127.0.0.1:${port}`);
      await first.waitFor('Try: curl');
      expect(first.stdout()).toContain('  metrics: off (set BLINKPOST_METRICS_TOKEN to scrape /metrics)');
      key = /^ {2}(bp_live_[A-Za-z0-9]{32,})$/m.exec(first.stdout())?.[1] ?? '';
      expect(key).not.toBe('');
      const lists = await getWithKey(first.url, '/api/public/lists', key);
      expect(lists.status).toBe(200);
    } finally {
      expect(await first.stop()).toBe(0);
    }

    const second = await startServe(['--port', String(port), '--data-dir', dir]);
    try {
      expect((await getWithKey(second.url, '/api/public/lists', key)).status).toBe(200);
    } finally {
      expect(await second.stop()).toBe(0);
    }
    expect(second.stdout()).not.toContain('bp_live_');
    expect(second.stdout()).not.toContain('First start');
  });

  it('answers /healthz and /readyz, and logs JSON lines carrying the request id', async () => {
    const served = await startServe(['--port', '0', '--data-dir', tempDir()]);
    const reqId = `cli-test-${randomBytes(4).toString('hex')}`;
    let generatedId = '';
    try {
      const health = await fetch(`${served.url}/healthz`, { headers: { 'x-request-id': reqId } });
      expect(health.status).toBe(200);
      expect(health.headers.get('x-request-id')).toBe(reqId);
      expect(await health.json()).toEqual({ success: true, data: { status: 'ok' } });
      const ready = await fetch(`${served.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ success: true, data: { status: 'ready' } });
      generatedId = ready.headers.get('x-request-id') ?? '';
      expect(generatedId).not.toBe('');
      await served.waitFor(`"reqId":"${generatedId}","res"`);
    } finally {
      expect(await served.stop()).toBe(0);
    }
    const lines = served.stdout().trimEnd().split('\n');
    // Only the banner at the top is prose; everything after it is a JSON log line.
    const banner = lines.findIndex((l) => l.startsWith('{'));
    expect(banner).toBeGreaterThan(0);
    const logs = lines.slice(banner).map((l) => JSON.parse(l) as Record<string, unknown>);
    const of = (id: string) => logs.filter((l) => l['reqId'] === id).map((l) => l['msg']);
    expect(of(reqId)).toEqual(['incoming request', 'request completed']);
    expect(of(generatedId)).toEqual(['incoming request', 'request completed']);
    expect(logs.every((l) => typeof l['level'] === 'number' && typeof l['time'] === 'number')).toBe(true);
  });

  it('on SIGTERM finishes the request in flight, takes no new one, and exits 0', async () => {
    const dir = tempDir();
    const rows = 10_000;
    const key = await seed(dir, rows);
    const served = await startServe(['--port', '0', '--data-dir', dir]);
    let completed = 'request completed';
    try {
      // The whole feed is streamed; reading only its first chunk holds the response open.
      const res = await fetch(`${served.url}/api/public/sent`, { headers: { authorization: key } });
      expect(res.status).toBe(200);
      const reader: ReadableStreamDefaultReader<Uint8Array> = res.body!.getReader();
      const chunks: Uint8Array[] = [];
      const firstChunk = await reader.read();
      chunks.push(firstChunk.value ?? new Uint8Array());

      const reqId = res.headers.get('x-request-id') ?? '';
      completed = `"reqId":"${reqId}","res":{"statusCode":200}`;

      served.child.kill('SIGTERM');
      await served.waitFor('draining');
      expect(served.stdout()).not.toContain(completed);
      const late = await freshGet(served.url);
      if (late.status !== undefined) expect(late).toEqual({ status: 503, code: 'shutting_down' });
      else expect(['ECONNREFUSED', 'ECONNRESET']).toContain(late.error);
      expect(served.child.exitCode).toBeNull();

      for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value);
      const body = JSON.parse(Buffer.concat(chunks).toString()) as { success: boolean; data: unknown[]; count: number };
      expect(body.success).toBe(true);
      expect(body.count).toBe(rows);
      expect(body.data).toHaveLength(rows);
    } finally {
      expect(await served.stop()).toBe(0);
    }
    expect(served.stdout()).toContain(completed);
  });
});
