import type { WebhookDelivery, WebhookTestResult } from '@blinkpost/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretBox } from '../../src/app/secret-box.js';
import { loadConfig } from '../../src/config.js';
import { describeEachDialect } from '../support/dialects.js';
import { TEST_SECRET_KEY, useTestServer } from '../support/test-server.js';
import { expectError, expectOk, type Failure } from '../http/api-fixtures.js';
import { startReceiver, type Receiver } from './receiver.js';

const V1 = '/api/public/v1.0.0';

describe('BLINKPOST_WEBHOOKS_ALLOW_PRIVATE', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['false', false],
    ['0', false],
    ['true', true],
    ['TRUE', true],
    ['1', true],
  ])('%j allows private targets: %s', (value, allowed) => {
    const env = value === undefined ? {} : { BLINKPOST_WEBHOOKS_ALLOW_PRIVATE: value };
    expect(loadConfig({ dataDir: '/tmp/x' }, env).webhooks?.allowPrivate).toBe(allowed);
  });

  it('refuses a value that is neither true nor false', () => {
    expect(() => loadConfig({ dataDir: '/tmp/x' }, { BLINKPOST_WEBHOOKS_ALLOW_PRIVATE: 'yes please' })).toThrow(
      'BLINKPOST_WEBHOOKS_ALLOW_PRIVATE must be true or false',
    );
  });
});

describeEachDialect('webhooks to private addresses, not allowed (the default)', (dialect) => {
  const t = useTestServer(dialect);
  let r: Receiver;

  beforeAll(async () => {
    r = await startReceiver();
  });
  afterAll(async () => {
    await r.close();
  });

  it.each([
    ['http://127.0.0.1:8080/hook', '127.0.0.1, a loopback address'],
    ['http://localhost/hook', 'a loopback address (localhost resolves to it)'],
    ['http://[::1]/hook', '::1, a loopback address'],
    ['https://10.1.2.3/hook', '10.1.2.3, a private address'],
    ['https://192.168.0.10/', 'a private address'],
    ['http://169.254.169.254/latest/meta-data/', 'a link-local address'],
    ['http://100.64.0.1/', 'a cgnat address'],
    ['http://0.0.0.0:8080/', '0.0.0.0, an unspecified address'],
    ['http://[::ffff:192.168.1.1]/', 'a private address'],
    ['http://[fd00::1]/', 'a private address'],
    ['http://[fe80::1]/', 'a link-local address'],
    ['http://224.0.0.1/', 'a multicast address'],
    ['http://2130706433/', '127.0.0.1, a loopback address'],
  ])('refuses %s with a 400 naming url', async (url, says) => {
    const res = await t().call(t().admin, 'POST', `${V1}/webhooks`, { url });
    const body = expectError(res, 400, 'invalid_request');
    expect(body.message).toMatch(/^url points to /);
    expect(body.message).toContain(says);
    expect(body.error.details).toEqual({ field: 'url' });
  });

  it('checks the target again when it delivers: a stored private target gets nothing', async () => {
    // As if the name had resolved to a public address at creation and to this one now.
    const ws = t().admin.principal.workspaceId;
    const hooks = t().server.store.webhooks;
    const box = new SecretBox(TEST_SECRET_KEY);
    const now = t().clock.now();
    const literal = await hooks.create(
      { workspaceId: ws, name: '', url: r.url, events: [], secretEnc: box.seal('whsec_x', 'webhooks.secret') },
      now,
    );
    const byName = await hooks.create(
      {
        workspaceId: ws,
        name: '',
        url: r.url.replace('127.0.0.1', 'localhost'),
        events: [],
        secretEnc: box.seal('whsec_y', 'webhooks.secret'),
      },
      now,
    );
    await t().server.services.webhooks.emit(ws, 'replied', { email: 'a@example.com' });
    expect(await t().server.webhookDispatcher.tick()).toMatchObject({ delivered: 0, retrying: 2 });
    expect(r.received).toEqual([]);

    for (const [hook, says] of [
      [literal, 'refused: points to 127.0.0.1, a loopback address'],
      [byName, 'a loopback address (localhost resolves to it)'],
    ] as const) {
      const [d] = expectOk<WebhookDelivery[]>(
        await t().call(t().admin, 'GET', `${V1}/webhooks/${hook.id}/deliveries`),
      ).data;
      expect(d).toMatchObject({ status: 'pending', attempts: 1, response_status: null });
      expect(d?.error).toContain(says);
      const test = expectOk<WebhookTestResult>(await t().call(t().admin, 'POST', `${V1}/webhooks/${hook.id}/test`));
      expect(test.data).toMatchObject({ ok: false, response_status: null });
      expect(test.data.error).toContain(says);
    }
    expect(r.received).toEqual([]);
  });

  it('answers a host that does not resolve as a 400 naming url', async () => {
    const res = await t().call(t().admin, 'POST', `${V1}/webhooks`, { url: 'https://no-such-host.invalid/hook' });
    const body: Failure = expectError(res, 400, 'invalid_request');
    expect(body.message).toMatch(/^url names a host that does not resolve: no-such-host\.invalid/);
  });
});
