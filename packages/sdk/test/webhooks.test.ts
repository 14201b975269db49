import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlinkpostClient, verifyWebhookSignature } from '@blinkpost/sdk';
import { describeEachDialect } from '../../server/test/support/dialects.js';
import { startTestServer, type TestServer } from '../../server/test/support/test-server.js';
import { startReceiver, type Receiver } from '../../server/test/webhooks/receiver.js';

const SECRET = 'whsec_Q2hhbmdlTWVJbkFSZWFsU2VydmVyMTIz';
const BODY = '{"id":"e1","event":"sent","data":{"email":"ann@example.com"}}';
const T = 1_772_445_600; // 2026-03-02T10:00:00Z
const NOW = T * 1000;

/** A header signed the documented way, independently of the server's code. */
const sign = (secret: string, t: number, body: string) =>
  `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;

describe('verifyWebhookSignature', () => {
  it('accepts a delivery signed with the secret, as a string or as bytes', () => {
    expect(verifyWebhookSignature(SECRET, sign(SECRET, T, BODY), BODY, { now: NOW })).toBe(true);
    expect(verifyWebhookSignature(SECRET, sign(SECRET, T, BODY), Buffer.from(BODY), { now: NOW })).toBe(true);
    expect(verifyWebhookSignature(SECRET, sign(SECRET, T, BODY), new TextEncoder().encode(BODY), { now: NOW })).toBe(
      true,
    );
  });

  it('rejects another secret, a changed body, or a changed timestamp', () => {
    expect(verifyWebhookSignature('whsec_other', sign(SECRET, T, BODY), BODY, { now: NOW })).toBe(false);
    expect(verifyWebhookSignature(SECRET, sign(SECRET, T, BODY), `${BODY} `, { now: NOW })).toBe(false);
    const header = sign(SECRET, T, BODY).replace(`t=${T}`, `t=${T + 1}`);
    expect(verifyWebhookSignature(SECRET, header, BODY, { now: NOW })).toBe(false);
  });

  it('rejects a timestamp outside the tolerance either way (a replay), and honours a wider one', () => {
    const header = sign(SECRET, T, BODY);
    expect(verifyWebhookSignature(SECRET, header, BODY, { now: NOW + 300_000 })).toBe(true);
    expect(verifyWebhookSignature(SECRET, header, BODY, { now: NOW + 301_000 })).toBe(false);
    expect(verifyWebhookSignature(SECRET, header, BODY, { now: NOW - 301_000 })).toBe(false);
    expect(verifyWebhookSignature(SECRET, header, BODY, { now: NOW + 3_600_000, toleranceSeconds: 3600 })).toBe(true);
    // Without `now`, the machine's clock: a 2026 signature is long stale or not yet valid.
    expect(verifyWebhookSignature(SECRET, sign(SECRET, 1_000_000_000, BODY), BODY)).toBe(false);
    const fresh = Math.floor(Date.now() / 1000);
    expect(verifyWebhookSignature(SECRET, sign(SECRET, fresh, BODY), BODY)).toBe(true);
  });

  it('accepts any one matching v1 of several (a secret being rolled over)', () => {
    const good = sign(SECRET, T, BODY).split(',')[1];
    const header = `t=${T},v1=${'0'.repeat(64)},${good}`;
    expect(verifyWebhookSignature(SECRET, header, BODY, { now: NOW })).toBe(true);
  });

  it.each([
    [undefined],
    [null],
    [''],
    ['garbage'],
    [`v1=${'a'.repeat(64)}`],
    [`t=${T}`],
    [`t=${T},v1=zz`],
    [`t=${T},v1=${'a'.repeat(63)}`],
    [`t=abc,v1=${'a'.repeat(64)}`],
    [`t=${T},v0=${'a'.repeat(64)}`],
  ])('rejects the malformed header %j', (header) => {
    expect(verifyWebhookSignature(SECRET, header, BODY, { now: NOW })).toBe(false);
  });
});

describeEachDialect('SDK webhooks against a real server', (dialect) => {
  let t: TestServer;
  let client: BlinkpostClient;
  let receiver: Receiver;

  beforeAll(async () => {
    t = await startTestServer(dialect, { webhooks: { allowPrivate: true } });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/api/public/v1.0.0`;
    client = new BlinkpostClient({ baseUrl, apiKey: t.admin.key });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await t?.server.close();
    await t?.testDb.destroy();
  });

  it('creates, lists, tests, reads the log of and deletes a webhook', async () => {
    const created = await client.webhooks.create({ url: receiver.url, events: ['sent', 'replied'], name: 'CRM' });
    expect(created).toMatchObject({ url: receiver.url, events: ['sent', 'replied'], name: 'CRM' });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9]{32}$/);
    const { secret, ...shown } = created;
    expect(await client.webhooks.get(created.id)).toEqual(shown);
    expect((await client.webhooks.list({ limit: 10 })).map((w) => w.id)).toEqual([created.id]);

    const result = await client.webhooks.test(created.id);
    expect(result).toMatchObject({ ok: true, response_status: 200, error: '' });
    const got = receiver.received[0]!;
    expect(
      verifyWebhookSignature(secret, got.headers['blinkpost-signature'] as string, got.body, { now: t.clock.now() }),
    ).toBe(true);

    await t.server.services.webhooks.emit(t.admin.principal.workspaceId, 'replied', { email: 'ann@example.com' });
    await t.server.webhookDispatcher.tick();
    const log = await client.webhooks.deliveries(created.id);
    expect(log.map((d) => [d.event, d.status])).toEqual([
      ['replied', 'delivered'],
      ['test', 'delivered'],
    ]);
    expect(await client.webhooks.deliveries(created.id, { limit: 1, skip: 1 })).toEqual([log[1]]);
    const every = [];
    for await (const d of client.webhooks.allDeliveries(created.id, { limit: 1 })) every.push(d);
    expect(every).toEqual(log);
    const failed = [];
    for await (const d of client.webhooks.allDeliveries(created.id, { status: 'failed' })) failed.push(d);
    expect(failed).toEqual([]);

    expect(await client.webhooks.delete(created.id)).toEqual(shown);
    await expect(client.webhooks.get(created.id)).rejects.toMatchObject({ status: 404, code: 'not_found' });
  });

  it('throws invalid_request naming the field for a bad body', async () => {
    await expect(client.webhooks.create({ url: 'ftp://example.com/' })).rejects.toMatchObject({
      status: 400,
      code: 'invalid_request',
      message: expect.stringContaining('url') as string,
    });
  });
});
