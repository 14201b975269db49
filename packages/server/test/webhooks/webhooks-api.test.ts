import type { CreatedWebhook, Webhook, WebhookDelivery, WebhookTestResult } from '@blinkpost/contract';
import { verifyWebhookSignature } from '@blinkpost/sdk';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { SecretBox } from '../../src/app/secret-box.js';
import { describeEachDialect } from '../support/dialects.js';
import { TEST_SECRET_KEY, useTestServer, type TestKey } from '../support/test-server.js';
import { expectError, expectOk } from '../http/api-fixtures.js';
import { startReceiver, type Receiver } from './receiver.js';

const V1 = '/api/public/v1.0.0';
const SECRET = /^whsec_[A-Za-z0-9]{32}$/;

describeEachDialect('webhooks over the v1 API', (dialect) => {
  // Tests deliver to a receiver on loopback, which the server refuses unless allowed.
  const t = useTestServer(dialect, { webhooks: { allowPrivate: true } });
  const receivers: Receiver[] = [];
  let other: TestKey;

  beforeAll(async () => {
    other = await t().key('Globex');
  });
  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((r) => r.close()));
  });

  const receiver = async () => {
    const r = await startReceiver();
    receivers.push(r);
    return r;
  };
  const create = async (body: Record<string, unknown>, key: TestKey = t().admin) =>
    expectOk<CreatedWebhook>(await t().call(key, 'POST', `${V1}/webhooks`, body)).data;
  const log = async (id: string, query = '', key: TestKey = t().admin) =>
    expectOk<WebhookDelivery[]>(await t().call(key, 'GET', `${V1}/webhooks/${id}/deliveries${query}`)).data;
  const tick = () => t().server.webhookDispatcher.tick();
  // Every delivery test has a workspace of its own, so its events reach only its own webhooks.
  let workspaces = 0;
  const tenant = async () => {
    const key = await t().key(`Delivery ${++workspaces}`);
    return { key, workspaceId: key.principal.workspaceId };
  };

  it('creates a webhook, answering its secret once and sealing it at rest', async () => {
    const res = await t().call(t().admin, 'POST', `${V1}/webhooks`, {
      url: 'https://crm.example.com/hooks',
      events: ['sent', 'replied', 'sent'],
      name: ' CRM ',
    });
    const body = expectOk<CreatedWebhook>(res);
    expect(body.message).toBe('Webhook created; keep its secret now: it is not shown again');
    const created = body.data;
    expect(created).toMatchObject({
      url: 'https://crm.example.com/hooks',
      events: ['sent', 'replied'],
      name: 'CRM',
      created_at: '2026-03-02T10:00:00.000Z',
    });
    expect(created.secret).toMatch(SECRET);

    for (const again of [
      await t().call(t().admin, 'GET', `${V1}/webhooks/${created.id}`),
      await t().call(t().admin, 'GET', `${V1}/webhooks`),
    ]) {
      expectOk(again);
      expect(again.body).not.toContain(created.secret);
      expect(again.body).not.toContain('"secret"');
    }
    const row = await t()
      .server.store.db.kysely.selectFrom('webhooks')
      .selectAll()
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(created.secret);
    expect(new SecretBox(TEST_SECRET_KEY).open(row.secret_enc, 'webhooks.secret')).toBe(created.secret);
  });

  it('takes every event when events is empty or missing, and lets member keys manage webhooks', async () => {
    expect((await create({ url: 'https://a.example.com/' })).events).toEqual([]);
    expect((await create({ url: 'https://b.example.com/', events: [] })).events).toEqual([]);
    const member = await t().key('Acme', 'member');
    expect((await create({ url: 'https://c.example.com/' }, member)).name).toBe('');
  });

  it('lists latest first and pages with limit and skip', async () => {
    const all = expectOk<Webhook[]>(await t().call(t().admin, 'GET', `${V1}/webhooks`));
    expect(all.count).toBe(all.data.length);
    expect(all.data.map((w) => w.url).slice(0, 3)).toEqual([
      'https://c.example.com/',
      'https://b.example.com/',
      'https://a.example.com/',
    ]);
    const page = expectOk<Webhook[]>(await t().call(t().admin, 'GET', `${V1}/webhooks?limit=2&skip=1`));
    expect(page).toMatchObject({ count: 2, limit: 2, skip: 1 });
    expect(page.data.map((w) => w.id)).toEqual(all.data.slice(1, 3).map((w) => w.id));
    const clamped = expectOk<Webhook[]>(await t().call(t().admin, 'GET', `${V1}/webhooks?limit=500`));
    expect(clamped.message).toBe('limit was clamped to 100');
  });

  it.each([
    [{}, 'url'],
    [{ url: '' }, 'url'],
    [{ url: 42 }, 'url'],
    [{ url: 'not a url' }, 'url'],
    [{ url: 'ftp://example.com/x' }, 'url'],
    [{ url: 'https://user:pw@example.com/x' }, 'url'],
    [{ url: 'https://example.com/', events: ['sent', 'delivered'] }, 'events'],
    [{ url: 'https://example.com/', events: 'sent' }, 'events'],
    [{ url: 'https://example.com/', name: 'x'.repeat(201) }, 'name'],
  ])('answers 400 naming the field for %j', async (body, field) => {
    const res = await t().call(t().admin, 'POST', `${V1}/webhooks`, body);
    expect(expectError(res, 400, 'invalid_request').message).toContain(field);
  });

  it('answers 404 for another workspace’s webhook, on every route', async () => {
    const hook = await create({ url: 'https://d.example.com/' });
    for (const [method, path] of [
      ['GET', `/webhooks/${hook.id}`],
      ['DELETE', `/webhooks/${hook.id}`],
      ['POST', `/webhooks/${hook.id}/test`],
      ['GET', `/webhooks/${hook.id}/deliveries`],
    ] as const) {
      expectError(await t().call(other, method, `${V1}${path}`), 404, 'not_found');
    }
    const theirs = expectOk<Webhook[]>(await t().call(other, 'GET', `${V1}/webhooks`));
    expect(theirs.data).toEqual([]);
    expectOk(await t().call(t().admin, 'GET', `${V1}/webhooks/${hook.id}`));
  });

  it('deletes a webhook with its delivery log', async () => {
    const { key, workspaceId } = await tenant();
    const r = await receiver();
    const hook = await create({ url: r.url }, key);
    await t().server.services.webhooks.emit(workspaceId, 'opened', { lead: 'x' });
    const res = await t().call(key, 'DELETE', `${V1}/webhooks/${hook.id}`);
    expect(expectOk<Webhook>(res)).toMatchObject({ message: 'Webhook deleted', data: { id: hook.id } });
    expectError(await t().call(key, 'GET', `${V1}/webhooks/${hook.id}`), 404, 'not_found');
    expectError(await t().call(key, 'DELETE', `${V1}/webhooks/${hook.id}`), 404, 'not_found');
    const left = await t()
      .server.store.db.kysely.selectFrom('webhook_deliveries')
      .select('id')
      .where('webhook_id', '=', hook.id)
      .execute();
    expect(left).toEqual([]);
    await tick();
    expect(r.received).toEqual([]);
  });

  it('delivers an event to the webhooks that take it, signed so the SDK helper verifies it', async () => {
    const { key, workspaceId } = await tenant();
    const r = await receiver();
    const all = await create({ url: r.url, name: 'all' }, key);
    const repliesOnly = await create({ url: `${r.url}?replies`, events: ['replied'] }, key);
    await t().server.services.webhooks.emit(workspaceId, 'sent', { email: 'lead@example.com', step: 1 });
    expect(r.received).toEqual([]); // emit only queues; the dispatcher sends
    const [queued] = await log(all.id, '', key);
    expect(queued).toMatchObject({ event: 'sent', status: 'pending', attempts: 0, response_status: null });

    expect(await tick()).toMatchObject({ delivered: 1, retrying: 0, failed: 0 });
    expect(r.received).toHaveLength(1);
    const [got] = r.received;
    expect(got?.headers).toMatchObject({
      'content-type': 'application/json',
      'blinkpost-event': 'sent',
      'blinkpost-delivery': queued?.id,
    });
    const signature = got?.headers['blinkpost-signature'] as string;
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(all.secret, signature, got?.body ?? '', { now: t().clock.now() })).toBe(true);
    expect(verifyWebhookSignature(repliesOnly.secret, signature, got?.body ?? '', { now: t().clock.now() })).toBe(
      false,
    );
    expect(JSON.parse(got?.body ?? '')).toEqual({
      id: expect.any(String) as string,
      event: 'sent',
      created_at: new Date(t().clock.now()).toISOString(),
      workspace_id: workspaceId,
      data: { email: 'lead@example.com', step: 1 },
    });

    const [done] = await log(all.id, '', key);
    expect(done).toMatchObject({ status: 'delivered', attempts: 1, response_status: 200, error: '' });
    expect(done?.next_attempt_at).toBeNull();
    expect(done?.duration_ms).toEqual(expect.any(Number));
    expect(await log(repliesOnly.id, '', key)).toEqual([]);
  });

  it('fails verification for a replayed, tampered or unsigned delivery', async () => {
    const { key, workspaceId } = await tenant();
    const r = await receiver();
    const hook = await create({ url: r.url }, key);
    await t().server.services.webhooks.emit(workspaceId, 'clicked', { url: 'https://example.com/' });
    await tick();
    const { headers, body } = r.received[0]!;
    const header = headers['blinkpost-signature'] as string;
    const now = t().clock.now();
    expect(verifyWebhookSignature(hook.secret, header, body, { now })).toBe(true);
    expect(verifyWebhookSignature(hook.secret, header, body, { now: now + 301_000 })).toBe(false);
    expect(verifyWebhookSignature(hook.secret, header, body, { now: now + 3_600_000, toleranceSeconds: 7200 })).toBe(
      true,
    );
    expect(verifyWebhookSignature(hook.secret, header, body.replace('clicked', 'replied'), { now })).toBe(false);
    expect(verifyWebhookSignature(hook.secret, undefined, body, { now })).toBe(false);
  });

  it('retries a delivery the receiver refused, with back-off, under one delivery id', async () => {
    const { key, workspaceId } = await tenant();
    const r = await receiver();
    r.answer([500, 500], 200);
    const hook = await create({ url: r.url, events: ['bounced'] }, key);
    await t().server.services.webhooks.emit(workspaceId, 'bounced', { email: 'gone@example.com' });

    expect(await tick()).toMatchObject({ retrying: 1 });
    const [first] = await log(hook.id, '', key);
    expect(first).toMatchObject({ status: 'pending', attempts: 1, response_status: 500, error: 'answered HTTP 500' });
    expect(first?.next_attempt_at).toBe(new Date(t().clock.now() + 30_000).toISOString());

    await tick(); // not due yet
    expect(r.received).toHaveLength(1);
    t().clock.advance(30_000);
    await tick();
    expect(r.received).toHaveLength(2);
    const [second] = await log(hook.id, '', key);
    expect(second).toMatchObject({ status: 'pending', attempts: 2 });
    expect(second?.next_attempt_at).toBe(new Date(t().clock.now() + 120_000).toISOString());

    t().clock.advance(120_000);
    expect(await tick()).toMatchObject({ delivered: 1 });
    const [done] = await log(hook.id, '', key);
    expect(done).toMatchObject({ status: 'delivered', attempts: 3, response_status: 200, error: '' });
    const ids = new Set(r.received.map((q) => q.headers['blinkpost-delivery']));
    expect([...ids]).toEqual([done?.id]);
    expect(new Set(r.received.map((q) => q.body)).size).toBe(1);
    const last = r.received[2]!;
    expect(
      verifyWebhookSignature(hook.secret, last.headers['blinkpost-signature'] as string, last.body, {
        now: t().clock.now(),
      }),
    ).toBe(true);
  });

  it('gives up 24 hours after the first attempt and marks the delivery failed', async () => {
    const { key, workspaceId } = await tenant();
    const r = await receiver();
    r.answer([], 503);
    const hook = await create({ url: r.url, events: ['unsubscribed'] }, key);
    await t().server.services.webhooks.emit(workspaceId, 'unsubscribed', { email: 'bye@example.com' });
    const start = t().clock.now();
    await tick();
    for (let i = 0; i < 30; i++) {
      const [d] = await log(hook.id, '', key);
      if (d?.status !== 'pending') break;
      t().clock.ms = Date.parse(d.next_attempt_at ?? '');
      await tick();
    }
    const [failed] = await log(hook.id, '', key);
    expect(failed).toMatchObject({ status: 'failed', attempts: 11, response_status: 503, next_attempt_at: null });
    expect(Date.parse(failed?.last_attempt_at ?? '')).toBe(start + 24 * 3_600_000);
    expect(r.received).toHaveLength(11);
    t().clock.advance(24 * 3_600_000);
    await tick();
    expect(r.received).toHaveLength(11);
  });

  it('sends a test event now and reports the receiver’s answer, without retrying it', async () => {
    const { key } = await tenant();
    const r = await receiver();
    const hook = await create({ url: r.url, events: ['sent'] }, key);
    const ok = expectOk<WebhookTestResult>(await t().call(key, 'POST', `${V1}/webhooks/${hook.id}/test`));
    expect(ok.data).toMatchObject({ ok: true, response_status: 200, error: '' });
    expect(ok.message).toMatch(/^Test event delivered: HTTP 200 in \d+ ms$/);
    const got = r.received[0]!;
    expect(got.headers['blinkpost-event']).toBe('test');
    expect(got.headers['blinkpost-delivery']).toBe(ok.data.delivery_id);
    expect(JSON.parse(got.body)).toMatchObject({ event: 'test', data: { webhook_id: hook.id } });
    expect(
      verifyWebhookSignature(hook.secret, got.headers['blinkpost-signature'] as string, got.body, {
        now: t().clock.now(),
      }),
    ).toBe(true);

    r.answer([500]);
    const bad = expectOk<WebhookTestResult>(await t().call(key, 'POST', `${V1}/webhooks/${hook.id}/test`));
    expect(bad.data).toMatchObject({ ok: false, response_status: 500, error: 'answered HTTP 500' });
    expect(bad.message).toBe('Test event failed: answered HTTP 500');
    t().clock.advance(3_600_000);
    await tick();
    expect(r.received).toHaveLength(2);
    expect((await log(hook.id, '', key)).map((d) => [d.event, d.status, d.attempts])).toEqual([
      ['test', 'failed', 1],
      ['test', 'delivered', 1],
    ]);
  });

  it('reports a receiver that does not answer as an error with no status', async () => {
    const { key } = await tenant();
    const r = await receiver();
    const url = r.url;
    await r.close();
    receivers.splice(receivers.indexOf(r), 1);
    const hook = await create({ url }, key);
    const res = expectOk<WebhookTestResult>(await t().call(key, 'POST', `${V1}/webhooks/${hook.id}/test`));
    expect(res.data).toMatchObject({ ok: false, response_status: null });
    expect(res.data.error).toContain('ECONNREFUSED');
  });

  it('pages and filters the delivery log, latest first, with each payload', async () => {
    const { key, workspaceId } = await tenant();
    const r = await receiver();
    r.answer([200, 500]);
    const hook = await create({ url: r.url }, key);
    await t().server.services.webhooks.emit(workspaceId, 'sent', { n: 1 });
    await tick();
    await t().server.services.webhooks.emit(workspaceId, 'opened', { n: 2 });
    await tick();
    await t().server.services.webhooks.emit(workspaceId, 'replied', { n: 3 });

    const all = expectOk<WebhookDelivery[]>(await t().call(key, 'GET', `${V1}/webhooks/${hook.id}/deliveries`));
    expect(all.count).toBe(3);
    expect(all.data.map((d) => [d.event, d.status])).toEqual([
      ['replied', 'pending'],
      ['opened', 'pending'],
      ['sent', 'delivered'],
    ]);
    expect(all.data[0]?.payload).toMatchObject({ event: 'replied', workspace_id: workspaceId, data: { n: 3 } });
    expect(all.data[1]?.error).toBe('answered HTTP 500');

    const page = expectOk<WebhookDelivery[]>(
      await t().call(key, 'GET', `${V1}/webhooks/${hook.id}/deliveries?limit=1&skip=1`),
    );
    expect(page).toMatchObject({ count: 1, limit: 1, skip: 1 });
    expect(page.data[0]?.event).toBe('opened');
    expect((await log(hook.id, '?status=delivered', key)).map((d) => d.event)).toEqual(['sent']);
    expectError(await t().call(key, 'GET', `${V1}/webhooks/${hook.id}/deliveries?status=lost`), 400, 'invalid_request');
  });
});
