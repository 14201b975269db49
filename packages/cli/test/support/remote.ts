import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Config } from '../../../server/src/config.js';
import type { Dialect } from '../../../server/test/support/dialects.js';
import { startTestServer, type TestServer } from '../../../server/test/support/test-server.js';
import { runCli, type CliResult } from './cli.js';

/** The JSON a command printed (stdout is not a terminal, so JSON is the default); stderr empty, exit 0. */
export function json<T>(res: CliResult): T {
  expect(res.stderr).toBe('');
  expect(res.code).toBe(0);
  return JSON.parse(res.stdout) as T;
}

/** A suite's test server listening on loopback, and the CLI pointed at it with the admin key. */
export interface RemoteCli {
  server: () => TestServer;
  /** `blinkpost <prefix…> <args…>` against the server */
  cli: (...args: string[]) => Promise<CliResult>;
  /** the environment that points the CLI at the server (to run it with another key) */
  env: () => Record<string, string>;
}

/** Starts the server before the suite (before the suite's own setup) and stops it after. */
export function useRemoteCli(dialect: Dialect, prefix: string[] = [], overrides: Partial<Config> = {}): RemoteCli {
  let t: TestServer | undefined;
  let env: Record<string, string> = {};
  beforeAll(async () => {
    t = await startTestServer(dialect, overrides);
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/api/public/v1.0.0`;
    env = { BLINKPOST_URL: url, BLINKPOST_API_KEY: t.admin.key };
  });
  afterAll(async () => {
    await t?.server.close();
    await t?.testDb.destroy();
  });
  return {
    server: () => {
      if (!t) throw new Error('test server not started');
      return t;
    },
    cli: (...args) => runCli([...prefix, ...args], { env }),
    env: () => env,
  };
}
