import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CreatedWebhook, Webhook, WebhookDelivery, WebhookTestResult } from '@blinkpost/contract';
import { verifyWebhookSignature } from '@blinkpost/sdk';
import { describeEachDialect } from '../../server/test/support/dialects.js';
import { startTestServer, type TestServer } from '../../server/test/support/test-server.js';
import { startReceiver, type Receiver } from '../../server/test/webhooks/receiver.js';
import { ensureBuilt, runCli, type CliResult } from './support/cli.js';

beforeAll(() => ensureBuilt());

/** The JSON a command printed (stdout is not a terminal, so JSON is the default). */
function json<T>(res: CliResult): T {
  expect(res.stderr).toBe('');
  expect(res.code).toBe(0);
  return JSON.parse(res.stdout) as T;
}

describeEachDialect('blinkpost webhooks against a running server', (dialect) => {
  let t: TestServer;
  let env: Record<string, string>;
  let receiver: Receiver;
  const cli = (...args: string[]) => runCli(['webhooks', ...args], { env });

  beforeAll(async () => {
    t = await startTestServer(dialect, { webhooks: { allowPrivate: true } });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/api/public/v1.0.0`;
    env = { BLINKPOST_URL: url, BLINKPOST_API_KEY: t.admin.key };
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await t?.server.close();
    await t?.testDb.destroy();
  });

  it('creates, lists, tests, shows the log of and deletes a webhook', { timeout: 120_000 }, async () => {
    const created = json<CreatedWebhook>(
      await cli('create', '--url', receiver.url, '--events', 'sent,replied', '--name', 'CRM'),
    );
    expect(created).toMatchObject({ url: receiver.url, events: ['sent', 'replied'], name: 'CRM' });
    expect(created.secret).toMatch(/^whsec_/);

    const [listed, table, tested] = await Promise.all([
      cli('list'),
      cli('list', '--format', 'table'),
      cli('test', created.id),
    ]);
    expect(json<Webhook[]>(listed).map((w) => w.id)).toEqual([created.id]);
    expect(table.stdout).toMatch(/^ID +NAME +URL +EVENTS +CREATED\n/);
    expect(table.stdout).toContain('sent,replied');
    expect(json<WebhookTestResult>(tested)).toMatchObject({ ok: true, response_status: 200 });
    const got = receiver.received[0]!;
    const signature = got.headers['blinkpost-signature'] as string;
    expect(verifyWebhookSignature(created.secret, signature, got.body, { now: t.clock.now() })).toBe(true);

    const log = json<WebhookDelivery[]>(await cli('deliveries', created.id, '--status', 'delivered'));
    expect(log.map((d) => [d.event, d.status, d.attempts])).toEqual([['test', 'delivered', 1]]);

    receiver.answer([500]);
    const failed = await cli('test', created.id, '--format', 'table');
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/^FAILED after \d+ ms — answered HTTP 500/);
    expect(failed.stderr).toContain('the receiver must answer 2xx within 10 s');

    expect(json<Webhook>(await cli('delete', created.id)).id).toBe(created.id);
    const gone = await cli('test', created.id);
    expect(gone.code).toBe(3);
    expect(gone.stderr).toContain('`blinkpost webhooks list` shows them');
  });

  it('refuses an unknown event before calling the server, and a bad URL with its message', async () => {
    const [badEvent, badUrl] = await Promise.all([
      cli('create', '--url', receiver.url, '--events', 'sent,delivered'),
      cli('create', '--url', 'ftp://example.com/'),
    ]);
    expect(badEvent.code).toBe(1);
    expect(badEvent.stderr).toContain('unknown event(s) delivered');
    expect(badUrl.code).toBe(1);
    expect(badUrl.stderr).toContain('url must use https:// or http://');
    expect(badUrl.stderr).toContain('`blinkpost webhooks create --help`');
  });
});
