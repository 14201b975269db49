import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createServer, type Server } from '../../src/main.js';
import { createTestDb, describeEachDialect, type TestDb } from '../support/dialects.js';
import { TestClock, useTestServer } from '../support/test-server.js';
import { expectError, expectOk } from './api-fixtures.js';

// 500 of public-api.md §1: a real failure (a table gone from under the server) answers a generic
// message and a request id, never the SQL or a stack trace. The server is this file's alone.

describeEachDialect('500: a failure inside the server', (dialect) => {
  const t = useTestServer(dialect);

  it('answers a generic message with the request id and nothing of the cause', async () => {
    const ts = t();
    const { admin, server } = ts;
    expectOk(await ts.call(admin, 'GET', '/api/public/sequences'));
    await sql`drop table sequences`.execute(server.store.db.kysely);

    const res = await ts.call(admin, 'GET', '/api/public/sequences', undefined, { 'x-request-id': 'trace-500' });
    const body = expectError(res, 500, 'internal_error');
    expect(Object.keys(body).sort()).toEqual(['error', 'message', 'success']);
    expect(body.error).toEqual({ code: 'internal_error', request_id: 'trace-500' });
    expect(res.headers['x-request-id']).toBe('trace-500');
    expect(body.message).toContain('trace-500');
    expect(res.body).not.toMatch(/select|sequences|sqlite|relation|no such table|stack|\.ts:\d|\bat\s+\w+\s*\(/i);
  });

  it('gives each failing request an id of its own when the client sent none', async () => {
    const ts = t();
    const { admin } = ts;
    const [a, b] = [
      await ts.call(admin, 'GET', '/api/public/v1.0.0/sequences'),
      await ts.call(admin, 'GET', '/api/public/sequences'),
    ];
    const [ida, idb] = [expectError(a, 500, 'internal_error'), expectError(b, 500, 'internal_error')].map(
      (body) => body.error.request_id,
    );
    expect(ida).toMatch(/^[0-9a-f-]{36}$/);
    expect(idb).not.toBe(ida);
    expect(a.headers['x-request-id']).toBe(ida);
  });

  it('keeps serving what does not need the broken table', async () => {
    expectOk(await t().call(t().admin, 'GET', '/api/public/lists'));
  });
});

// The test server logs nothing; this one logs into memory, to find the request id the client was given.
describeEachDialect('500: the request id is in the log', (dialect) => {
  const lines: string[] = [];
  let testDb: TestDb;
  let server: Server;

  beforeAll(async () => {
    testDb = await createTestDb(dialect);
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const config = {
      host: '127.0.0.1',
      port: 0,
      dataDir: '/nonexistent',
      storage: testDb.storage,
      bodyLimit: 1024 * 1024,
      rateLimits: { read: 1000, write: 1000, delete: 1000 },
      logLevel: 'error',
    };
    server = await createServer(config, {
      clock: new TestClock(),
      logger: { level: 'error', stream },
      bootstrap: false,
    });
  });
  afterAll(async () => {
    await server.close();
    await testDb.destroy();
  });

  it('logs the failure with the id the client was answered, and the cause stays in the log', async () => {
    const { key } = await server.services.keys.create({ workspace: 'Acme', role: 'admin', name: 'log test' });
    await sql`drop table sequences`.execute(server.store.db.kysely);
    const res = await server.http.fastify.inject({
      method: 'GET',
      url: '/api/public/sequences',
      headers: { authorization: key },
    });
    const id = expectError(res, 500, 'internal_error').error.request_id ?? '';
    const logged = lines.map((l) => JSON.parse(l) as { reqId?: string; msg?: string; err?: { message?: string } });
    const entry = logged.find((l) => l.reqId === id && l.msg === 'unhandled error');
    expect(entry, lines.join('')).toBeDefined();
    expect(entry?.err?.message).toMatch(/sequences/);
  });
});
