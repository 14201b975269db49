import { expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { useTestServer } from '../support/test-server.js';
import { expectError } from '../http/api-fixtures.js';

// Issue 5 §1: the v1 endpoints of SalesBlink features Blinkpost does not have (v1-reference.md §4.11
// inbox placement, §4.14 misc, and warm-up and OAuth of §4.5) answer 501 with the error envelope and a
// message naming the feature — never a fake success. Paths as SalesBlink's CLI and skill call them.

const V1 = '/api/public/v1.0.0';
const ID = '3f2b8c1e-0000-4000-8000-000000000001';

// [method, path, feature, what the message must name]
const UNSUPPORTED: [string, string, string, RegExp][] = [
  ['GET', '/inbox-placement', 'inbox_placement', /^Inbox placement tests are not part of Blinkpost: /],
  ['POST', '/inbox-placement', 'inbox_placement', /^Inbox placement tests are not part of Blinkpost: /],
  ['PUT', `/inbox-placement/${ID}/pause`, 'inbox_placement', /^Inbox placement tests are not part of Blinkpost: /],
  ['DELETE', `/inbox-placement/${ID}`, 'inbox_placement', /^Inbox placement tests are not part of Blinkpost: /],
  ['GET', `/senders/${ID}/warmup-stats`, 'warmup', /^Mailbox warm-up is not part of Blinkpost: /],
  ['GET', '/warmup-links', 'warmup', /^Mailbox warm-up is not part of Blinkpost: /],
  ['POST', '/oauth/google', 'oauth_mailboxes', /OAuth is not part of Blinkpost: .*POST \/senders/],
  ['POST', '/oauth/outlook', 'oauth_mailboxes', /OAuth is not part of Blinkpost: .*POST \/senders/],
  ['GET', '/domains', 'domains', /^Domain management and domain search are not part of Blinkpost: /],
  [
    'GET',
    '/domains/search?keyword=mybrand',
    'domains',
    /^Domain management and domain search are not part of Blinkpost: /,
  ],
  ['GET', '/signatures', 'signatures', /^Saved signatures are not part of Blinkpost: /],
  ['POST', '/login-link', 'login_links', /^Magic login links are not part of Blinkpost: /],
  ['POST', '/billing/add-card', 'billing', /^Billing is not part of Blinkpost: /],
  ['POST', '/billing/remove-card', 'billing', /^Billing is not part of Blinkpost: /],
  ['GET', '/billing/add-card-link', 'billing', /^Billing is not part of Blinkpost: /],
  ['GET', '/billing/remove-card-link', 'billing', /^Billing is not part of Blinkpost: /],
  ['GET', '/dfy/orders', 'done_for_you', /^Done-for-you domains and mailboxes are not part of Blinkpost: /],
  ['POST', '/dfy/orders', 'done_for_you', /^Done-for-you domains and mailboxes are not part of Blinkpost: /],
  ['POST', `/dfy/orders/${ID}/mailboxes`, 'done_for_you', /^Done-for-you .* not part of Blinkpost: /],
  ['DELETE', `/dfy/orders/${ID}/mailboxes/${ID}`, 'done_for_you', /^Done-for-you .* not part of Blinkpost: /],
  ['GET', '/dfy/order-link', 'done_for_you', /^Done-for-you .* not part of Blinkpost: /],
  ['GET', `/dfy/orders/${ID}/mailbox-link`, 'done_for_you', /^Done-for-you .* not part of Blinkpost: /],
  ['GET', `/dfy/orders/${ID}/mailboxes/${ID}/cancel-link`, 'done_for_you', /^Done-for-you .* not part of Blinkpost: /],
];
// SalesBlink serves these without a key.
const PUBLIC: [string, string][] = [
  ['POST', '/signup'],
  ['GET', '/signup-link'],
];

// What SalesBlink clients would send: a JSON body on writes.
const BODIES: Record<string, unknown> = {
  POST: { name: 'Weekly test', mode: 'one-time', source: 'from-outside' },
  PUT: {},
};

describeEachDialect('501 for SalesBlink features Blinkpost does not have', (dialect) => {
  const t = useTestServer(dialect);

  it.each(UNSUPPORTED)('%s %s answers 501 naming the feature', async (method, path, feature, message) => {
    const res = await t().call(t().admin, method, `${V1}${path}`, BODIES[method]);
    const body = expectError(res, 501, 'not_implemented');
    expect(body.message).toMatch(message);
    expect(body.error.details).toEqual({ feature });
  });

  it.each(UNSUPPORTED.slice(0, 6))('%s %s answers the same to a member key', async (method, path) => {
    const member = await t().key('Acme', 'member');
    expectError(await t().call(member, method, `${V1}${path}`, BODIES[method]), 501, 'not_implemented');
  });

  it.each(UNSUPPORTED)('%s %s still wants a key (401 without one)', async (method, path) => {
    expectError(await t().call(undefined, method, `${V1}${path}`, BODIES[method]), 401, 'unauthorized');
  });

  it.each(PUBLIC)('%s %s answers 501 without a key, as SalesBlink serves it without one', async (method, path) => {
    const body = { email: 'new@example.com', password: 'secret-secret', name: 'New' };
    for (const key of [undefined, t().admin]) {
      const res = await t().call(key, method, `${V1}${path}`, method === 'POST' ? body : undefined);
      const err = expectError(res, 501, 'not_implemented');
      expect(err.message).toMatch(/^Signing up is not part of Blinkpost: .*blinkpost keys create/);
      expect(err.error.details).toEqual({ feature: 'signup' });
    }
  });

  it.each([...UNSUPPORTED.map(([m, p]) => [m, p] as [string, string]), ...PUBLIC].slice(0, 8))(
    '%s /api/public%s is not served by the legacy API (404)',
    async (method, path) => {
      expectError(await t().call(t().admin, method, `/api/public${path}`, BODIES[method]), 404, 'not_found');
    },
  );

  it('answers 405 with Allow for a method SalesBlink does not serve on such a path', async () => {
    const res = await t().call(t().admin, 'PATCH', `${V1}/inbox-placement`, {});
    expectError(res, 405, 'method_not_allowed');
    expect(res.headers['allow']).toContain('GET');
    expect(res.headers['allow']).toContain('POST');
  });

  it('keeps no Idempotency-Key record of a 501, so nothing is replayed', async () => {
    const headers = { 'idempotency-key': 'oauth-attempt-1' };
    for (let i = 0; i < 2; i += 1) {
      const res = await t().call(t().admin, 'POST', `${V1}/oauth/google`, {}, headers);
      expectError(res, 501, 'not_implemented');
      expect(res.headers['idempotent-replayed']).toBeUndefined();
    }
  });

  it('lists them in the OpenAPI document as answering 501', async () => {
    const doc = (await t().call(undefined, 'GET', '/api/public/openapi.json')).json<{
      paths: Record<string, Record<string, { tags: string[]; responses: Record<string, { description: string }> }>>;
    }>();
    for (const [method, path] of [...UNSUPPORTED, ...PUBLIC]) {
      const openApiPath = `${V1}${path.split('?')[0] ?? ''}`.replaceAll(ID, '{id}');
      const ops = Object.entries(doc.paths).find(([p]) => p.replace(/\{\w+\}/g, '{id}') === openApiPath)?.[1];
      const op = ops?.[method.toLowerCase()];
      expect(op, `${method} ${path}`).toBeDefined();
      expect(op?.responses['501']?.description).toBe('Not part of Blinkpost');
    }
  });
});
