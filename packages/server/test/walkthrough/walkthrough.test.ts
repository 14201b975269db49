import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';
import { useTestServer } from '../support/test-server.js';
import { cliDriver } from './cli.driver.js';
import { rawApiDriver } from './raw-api.driver.js';
import { sdkDriver } from './sdk.driver.js';
import { runWorkflow, SINK_LOGIN, type Driver } from './workflow.js';

// Issue 5's "done when": a new user's whole SalesBlink workflow — list, leads, template, sender (a real
// loopback SMTP sink), sequence, start, the engine sends, feeds, analytics, inbox, a reply from the
// inbox — through the raw v1 API, the SDK and the CLI. One server per dialect; each front door works
// in a workspace of its own, with a sink of its own.

const FRONT_DOORS: [string, (baseUrl: string, key: string, dir: string) => Driver][] = [
  ['the raw v1 API (fetch)', rawApiDriver],
  ['@blinkpost/sdk', sdkDriver],
  ['the blinkpost CLI', cliDriver],
];

describeEachDialect('walkthrough: the SalesBlink workflow end to end', (dialect) => {
  const ts = useTestServer(dialect);
  let baseUrl = '';
  const dir = mkdtempSync(join(tmpdir(), 'blinkpost-walkthrough-'));
  beforeAll(async () => {
    await ts().app.listen({ host: '127.0.0.1', port: 0 });
    baseUrl = `http://127.0.0.1:${(ts().app.server.address() as AddressInfo).port}/api/public/v1.0.0`;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const [door, makeDriver] of FRONT_DOORS) {
    describe(`through ${door}`, () => {
      let sink: SmtpSink | undefined;
      afterAll(async () => sink?.close());

      // The CLI spawns a process per step: ~19 s on an idle machine, far more on a loaded CI one.
      const slow = makeDriver === cliDriver ? { timeout: 90_000 } : {};
      it('list, leads, template, sender, sequence, sending, feeds, analytics, inbox and a reply', slow, async () => {
        sink = await startSmtpSink(SINK_LOGIN);
        const key = await ts().key(`Walkthrough ${door}`);
        await runWorkflow(ts(), sink, makeDriver(baseUrl, key.key, dir));
      });
    });
  }
});
