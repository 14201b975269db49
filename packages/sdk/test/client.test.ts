import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, BlinkpostClient } from '@blinkpost/sdk';
import { describeEachDialect } from '../../server/test/support/dialects.js';
import { startTestServer, type TestServer } from '../../server/test/support/test-server.js';

describeEachDialect('the SDK against a real server', (dialect) => {
  let t: TestServer;
  let base: string;
  beforeAll(async () => {
    t = await startTestServer(dialect, { rateLimits: { read: 100_000, write: 100_000, delete: 100_000 } });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/api/public/v1.0.0`;
  });
  afterAll(async () => {
    await t.server.close();
    await t.testDb.destroy();
  });

  it('creates a list, adds contacts and reads them back', async () => {
    const client = new BlinkpostClient({ baseUrl: base, apiKey: t.admin.key });
    const list = await client.createList({ name: 'SDK list' });
    const added = await client.addContacts({
      list_id: list.id,
      contacts: [{ Email: 'ann@example.com' }, { Email: 'nope' }],
    });
    expect(added.added).toBe(1);
    expect(added.invalid).toEqual([{ index: 1, email: 'nope', reason: 'Email has no "@"' }]);
    expect((await client.getList(list.id)).contacts_count).toBe(1);
    expect((await client.listLists()).map((l) => l.id)).toContain(list.id);
  });

  it('throws a typed ApiError with status, code and the server message', async () => {
    const client = new BlinkpostClient({ baseUrl: base, apiKey: t.admin.key });
    const err = await client.getList('no-such-list').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 404, code: 'not_found' });
    const bad = new BlinkpostClient({ baseUrl: base, apiKey: 'bp_live_wrong' });
    await expect(bad.listLists()).rejects.toMatchObject({ status: 401, code: 'unauthorized' });
  });

  it('iterates every record of a feed across pages', async () => {
    const seq = await t.server.store.sequences.create(
      { workspaceId: t.admin.principal.workspaceId, name: 'S', ownedBy: 'Acme' },
      t.clock.now(),
    );
    await t.server.store.activity.insert(
      Array.from({ length: 25 }, (_, i) => ({
        workspace_id: t.admin.principal.workspaceId,
        kind: 'sent' as const,
        time: 1_000 + i,
        sequence_id: seq.id,
        recipient_email: `r${i}@example.com`,
      })),
    );
    const client = new BlinkpostClient({ baseUrl: base, apiKey: t.admin.key });
    const seen: number[] = [];
    for await (const rec of client.activity('sent', { per_page: 10, sequence_id: seq.id })) seen.push(rec.time);
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => 1_024 - i));
  });
});

describe('SDK retries', () => {
  let stub: HttpServer;
  let calls: number;
  let limitedCalls: number;
  let url: string;
  beforeAll(async () => {
    // A server that is rate limited for its first calls; the retry path is about the client, not the database.
    stub = createHttpServer((req, res) => {
      calls += 1;
      if (calls <= limitedCalls) {
        res.writeHead(429, { 'retry-after': '2', 'content-type': 'application/json' });
        res.end('{"success":false,"message":"slow down","error":{"code":"rate_limited"}}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ success: true, data: [{ id: 'l1', auth: req.headers.authorization }] }));
    });
    await new Promise<void>((r) => stub.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => stub.close(() => r())));

  it('waits Retry-After seconds on 429 and then succeeds', async () => {
    calls = 0;
    limitedCalls = 1;
    const waits: number[] = [];
    const client = new BlinkpostClient({
      baseUrl: url,
      apiKey: 'k1',
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    const lists = await client.listLists();
    expect(calls).toBe(2);
    expect(waits).toEqual([2000]);
    expect(lists).toEqual([{ id: 'l1', auth: 'k1' }]);
  });

  it('gives up after maxRetries and throws the 429', async () => {
    calls = 0;
    limitedCalls = 99;
    const client = new BlinkpostClient({ baseUrl: url, apiKey: 'k1', maxRetries: 1, sleep: async () => undefined });
    await expect(client.listLists()).rejects.toMatchObject({ status: 429, code: 'rate_limited' });
    expect(calls).toBe(2);
  });
});
