import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { useTestServer, type TestServer } from '../support/test-server.js';
import { createList, expectError, expectOk, listById } from './api-fixtures.js';

// 413 and 429 of public-api.md §1, each against a server configured with small limits.

describeEachDialect('413: a body over the configured limit', (dialect) => {
  const t = useTestServer(dialect, { bodyLimit: 1000 });

  const contacts = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ Email: `lead${i}@example.com`, First_Name: 'Ann' }));

  it('refuses a body over the limit and adds nothing', async () => {
    const listId = await createList(t(), t().admin);
    const body = { list_id: listId, contacts: contacts(40) };
    expect(JSON.stringify(body).length).toBeGreaterThan(1000);
    const res = await t().call(t().admin, 'POST', '/api/public/contacts', body);
    expect(expectError(res, 413, 'payload_too_large').message).toMatch(/larger/);
    expect((await listById(t(), t().admin, listId))?.contacts_count).toBe(0);
  });

  it('accepts a body under the limit', async () => {
    const listId = await createList(t(), t().admin);
    const body = { list_id: listId, contacts: contacts(5) };
    expect(JSON.stringify(body).length).toBeLessThan(1000);
    expect(expectOk(await t().call(t().admin, 'POST', '/api/public/contacts', body)).data).toMatchObject({ added: 5 });
  });
});

describeEachDialect('429: per key and per method tier', (dialect) => {
  const t = useTestServer(dialect, { rateLimits: { read: 3, write: 2, delete: 1 } });

  const limitHeaders = (res: LightMyRequestResponse) => ({
    limit: Number(res.headers['ratelimit-limit']),
    remaining: Number(res.headers['ratelimit-remaining']),
    reset: Number(res.headers['ratelimit-reset']),
  });
  // Each test starts on a fresh one-minute window, so the figures it reads do not depend on the others.
  const startOfWindow = (ts: TestServer) => ts.clock.advance(60_000 - (ts.clock.now() % 60_000));

  describe('reads', () => {
    it('counts down on every answer, then answers 429 with Retry-After', async () => {
      startOfWindow(t());
      const k = await t().key('Acme');
      const seen = [];
      for (let i = 0; i < 3; i += 1) {
        const res = await t().call(k, 'GET', '/api/public/lists');
        expectOk(res);
        seen.push(limitHeaders(res));
      }
      expect(seen).toEqual([
        { limit: 3, remaining: 2, reset: 60 },
        { limit: 3, remaining: 1, reset: 60 },
        { limit: 3, remaining: 0, reset: 60 },
      ]);
      const over = await t().call(k, 'GET', '/api/public/v1.0.0/lists');
      expect(expectError(over, 429, 'rate_limited').message).toMatch(/retry in 60 s/);
      expect(over.headers['retry-after']).toBe('60');
      expect(limitHeaders(over)).toEqual({ limit: 3, remaining: 0, reset: 60 });
    });

    it('counts each key on its own, even in one workspace', async () => {
      startOfWindow(t());
      const [a, b] = [await t().key('Acme'), await t().key('Acme')];
      for (let i = 0; i < 3; i += 1) expectOk(await t().call(a, 'GET', '/api/public/sequences'));
      expectError(await t().call(a, 'GET', '/api/public/sequences'), 429, 'rate_limited');
      const other = await t().call(b, 'GET', '/api/public/sequences');
      expectOk(other);
      expect(limitHeaders(other).remaining).toBe(2);
    });

    it('puts the headers on error answers too', async () => {
      startOfWindow(t());
      const k = await t().key('Acme');
      const res = await t().call(k, 'GET', '/api/public/v1.0.0/lists/00000000-0000-7000-8000-000000000000');
      expectError(res, 404, 'not_found');
      expect(limitHeaders(res)).toEqual({ limit: 3, remaining: 2, reset: 60 });
    });
  });

  describe('tiers', () => {
    it('limits POST separately from GET', async () => {
      startOfWindow(t());
      const k = await t().key('Acme');
      for (let i = 0; i < 3; i += 1) expectOk(await t().call(k, 'GET', '/api/public/lists'));
      expectError(await t().call(k, 'GET', '/api/public/lists'), 429, 'rate_limited');
      const first = await t().call(k, 'POST', '/api/public/v1.0.0/lists', { name: 'One' });
      expectOk(first);
      expect(limitHeaders(first)).toMatchObject({ limit: 2, remaining: 1 });
      expectOk(await t().call(k, 'POST', '/api/public/v1.0.0/lists', { name: 'Two' }));
      const third = await t().call(k, 'POST', '/api/public/v1.0.0/lists', { name: 'Three' });
      expectError(third, 429, 'rate_limited');
      expect(third.headers['retry-after']).toBe('60');
      const names = expectOk<{ name: string }[]>(await t().call(t().admin, 'GET', '/api/public/lists')).data;
      expect(names.map((l) => l.name)).not.toContain('Three');
    });

    it('limits PUT (and DELETE) in a tier of their own', async () => {
      startOfWindow(t());
      const k = await t().key('Acme');
      const put = () => t().call(k, 'PUT', '/api/public/v1.0.0/maintenance', { enabled: false });
      const first = await put();
      expectOk(first);
      expect(limitHeaders(first)).toMatchObject({ limit: 1, remaining: 0 });
      expectError(await put(), 429, 'rate_limited');
      expectOk(await t().call(k, 'GET', '/api/public/v1.0.0/maintenance'));
      expectOk(await t().call(k, 'POST', '/api/public/v1.0.0/lists', { name: 'Still writable' }));
    });
  });

  describe('the window', () => {
    it('tells how long is left, and opens again when the clock reaches the next minute', async () => {
      startOfWindow(t());
      const k = await t().key('Acme');
      t().clock.advance(15_000);
      for (let i = 0; i < 3; i += 1) expectOk(await t().call(k, 'GET', '/api/public/lists'));
      const over = await t().call(k, 'GET', '/api/public/lists');
      expectError(over, 429, 'rate_limited');
      expect(over.headers['retry-after']).toBe('45');
      expect(limitHeaders(over).reset).toBe(45);
      t().clock.advance(44_000);
      expectError(await t().call(k, 'GET', '/api/public/lists'), 429, 'rate_limited');
      t().clock.advance(1_000);
      const again = await t().call(k, 'GET', '/api/public/lists');
      expectOk(again);
      expect(limitHeaders(again)).toEqual({ limit: 3, remaining: 2, reset: 60 });
    });
  });
});
