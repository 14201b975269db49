import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CreatedWebhook, Webhook, WebhookDelivery, WebhookTestResult } from '@blinkpost/contract';
import { verifyWebhookSignature } from '@blinkpost/sdk';
import { describeEachDialect } from '../../server/test/support/dialects.js';
import type { TestServer } from '../../server/test/support/test-server.js';
import { startReceiver, type Receiver } from '../../server/test/webhooks/receiver.js';
import { ensureBuilt } from './support/cli.js';
import { json, useRemoteCli } from './support/remote.js';

beforeAll(() => ensureBuilt());

describeEachDialect('blinkpost webhooks against a running server', (dialect) => {
  let t: TestServer;
  let receiver: Receiver;
  const remote = useRemoteCli(dialect, ['webhooks'], { webhooks: { allowPrivate: true } });
  const cli = remote.cli;

  beforeAll(async () => {
    t = remote.server();
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
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
