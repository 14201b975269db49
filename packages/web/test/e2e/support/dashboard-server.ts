import { access, cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_WEB_DIR } from '../../../../server/src/config.js';
import { createServer, type Server } from '../../../../server/src/main.js';
import { createTestDb, type Dialect } from '../../../../server/test/support/dialects.js';
import { testConfig } from '../../../../server/test/support/test-server.js';

/** A server as `blinkpost serve --dev-mailbox` runs it, on a fresh database, listening on loopback. */
export interface DashboardServer {
  server: Server;
  url: string;
  /** the first admin user `serve` prints: "login admin@localhost / <password>" */
  admin: { email: string; password: string };
  close(): Promise<void>;
}

/**
 * Starts it in this process (so a test can run an engine pass when it wants one) with the built
 * dashboard of packages/web/dist; a missing build is an error that says how to make it.
 */
export async function startDashboardServer(dialect: Dialect): Promise<DashboardServer> {
  await access(join(DEFAULT_WEB_DIR, 'index.html')).catch(() => {
    throw new Error(`the dashboard is not built (no ${DEFAULT_WEB_DIR}/index.html): run \`npm run build\` first`);
  });
  const testDb = await createTestDb(dialect);
  const dataDir = await mkdtemp(join(tmpdir(), 'blinkpost-e2e-'));
  // A copy: a rebuild during the run (another terminal's `npm run build`) renames the lazy chunks.
  const webDir = join(dataDir, 'web');
  await cp(DEFAULT_WEB_DIR, webDir, { recursive: true });
  const config = testConfig(testDb.storage, { dataDir, devMailbox: true, webDir });
  const cleanUp = async () => {
    await testDb.destroy();
    await rm(dataDir, { recursive: true, force: true });
  };
  let server: Server;
  try {
    server = await createServer(config, { logger: false });
  } catch (err) {
    await cleanUp();
    throw err;
  }
  const password = server.firstAdmin?.generated;
  if (!server.firstAdmin || password === undefined) {
    await server.close();
    await cleanUp();
    throw new Error('the first start made no admin user with a password');
  }
  const url = await server.listen();
  return {
    server,
    url,
    admin: { email: server.firstAdmin.email, password },
    close: async () => {
      await server.close();
      await cleanUp();
    },
  };
}
