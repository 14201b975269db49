import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { createServer, type Server } from '../../src/main.js';
import type { Config } from '../../src/config.js';
import type { Principal } from '../../src/app/ports.js';
import { createTestDb, type Dialect, type TestDb } from './dialects.js';

/** The key every test server seals secrets with. */
export const TEST_SECRET_KEY = Buffer.alloc(32, 7);

/** A clock the test moves by hand. */
export class TestClock {
  constructor(public ms = Date.parse('2026-03-02T10:00:00Z')) {}
  now = (): number => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** A key made for a test, with what it stands for. */
export interface TestKey {
  key: string;
  principal: Principal;
}

/** A running server on a fresh database, driven in-process through `inject`. */
export interface TestServer {
  server: Server;
  app: FastifyInstance;
  testDb: TestDb;
  clock: TestClock;
  /** an admin key of a first workspace */
  admin: TestKey;
  /** makes another key; a new workspace name gives a second tenant */
  key: (workspace: string, role?: 'admin' | 'member') => Promise<TestKey>;
  /** one request with the key's Authorization header and JSON body */
  call: (
    key: TestKey | string | undefined,
    method: string,
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) => Promise<LightMyRequestResponse>;
}

/** The config of a test server on `storage`: loopback, any port, no data dir, silent; `overrides` win. */
export function testConfig(storage: Config['storage'], overrides: Partial<Config> = {}): Config {
  return {
    host: '127.0.0.1',
    port: 0,
    dataDir: '/nonexistent',
    storage,
    bodyLimit: 10 * 1024 * 1024,
    rateLimits: { read: 100_000, write: 100_000, delete: 100_000 },
    logLevel: 'silent',
    // A fixed key, so no test writes a key file; TEST_SECRET_KEY lets a test read sealed columns itself.
    secretKey: TEST_SECRET_KEY,
    ...overrides,
  };
}

/** Builds a test server for one dialect; tune the config with `overrides`. */
export async function startTestServer(dialect: Dialect, overrides: Partial<Config> = {}): Promise<TestServer> {
  const testDb = await createTestDb(dialect);
  const clock = new TestClock();
  const config = testConfig(testDb.storage, overrides);
  const server = await createServer(config, { clock, logger: false, bootstrap: false });
  const key = async (workspace: string, role: 'admin' | 'member' = 'admin'): Promise<TestKey> => {
    const created = await server.services.keys.create({ workspace, role, name: 'test' });
    const principal = await server.services.keys.authenticate(created.key);
    if (!principal) throw new Error('a fresh key did not authenticate');
    return { key: created.key, principal };
  };
  const admin = await key('Acme');
  const app = server.http.fastify;
  await app.ready();
  return {
    server,
    app,
    testDb,
    clock,
    admin,
    key,
    call: (k, method, url, body, headers = {}) => {
      const h: Record<string, string> = { ...headers };
      if (k !== undefined) h['authorization'] ??= typeof k === 'string' ? k : k.key;
      if (body !== undefined && typeof body !== 'string') h['content-type'] ??= 'application/json';
      return app.inject({
        method: method as 'GET',
        url,
        headers: h,
        ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
    },
  };
}

/** Starts a test server before the suite's tests and tears it down after them. */
export function useTestServer(dialect: Dialect, overrides: Partial<Config> = {}): () => TestServer {
  let ts: TestServer | undefined;
  beforeAll(async () => {
    ts = await startTestServer(dialect, overrides);
  });
  afterAll(async () => {
    if (!ts) return;
    await ts.server.close();
    await ts.testDb.destroy();
  });
  return () => {
    if (!ts) throw new Error('test server not started');
    return ts;
  };
}
