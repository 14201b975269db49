import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { describeEachDialect } from '../support/dialects.js';
import { useTestServer, type TestServer } from '../support/test-server.js';
import { expectError, expectOk } from '../http/api-fixtures.js';

// Rate-limit tiers like SalesBlink's (issue 5): BLINKPOST_RATE_LIMITS=salesblink gives its exact limits,
// 30 reads, 15 POST/PATCH and 10 PUT/DELETE a minute per key; the per-tier variables still win.

const V1 = '/api/public/v1.0.0';

describe('BLINKPOST_RATE_LIMITS', () => {
  it('defaults to the generous limits', () => {
    expect(loadConfig({}, {}).rateLimits).toEqual({ read: 1200, write: 600, delete: 300 });
    expect(loadConfig({}, { BLINKPOST_RATE_LIMITS: 'default' }).rateLimits).toEqual({
      read: 1200,
      write: 600,
      delete: 300,
    });
  });

  it('salesblink: 30 reads, 15 POST/PATCH, 10 PUT/DELETE a minute', () => {
    expect(loadConfig({}, { BLINKPOST_RATE_LIMITS: 'salesblink' }).rateLimits).toEqual({
      read: 30,
      write: 15,
      delete: 10,
    });
    expect(loadConfig({}, { BLINKPOST_RATE_LIMITS: ' SalesBlink ' }).rateLimits.read).toBe(30);
  });

  it('lets a per-tier variable override the preset', () => {
    const env = { BLINKPOST_RATE_LIMITS: 'salesblink', BLINKPOST_RATE_LIMIT_WRITE: '100' };
    expect(loadConfig({}, env).rateLimits).toEqual({ read: 30, write: 100, delete: 10 });
  });

  it('refuses an unknown preset, naming the variable and the choices', () => {
    expect(() => loadConfig({}, { BLINKPOST_RATE_LIMITS: 'strict' })).toThrow(
      /BLINKPOST_RATE_LIMITS must be default or salesblink, got "strict"/,
    );
  });
});

const limitHeaders = (res: LightMyRequestResponse) => ({
  limit: Number(res.headers['ratelimit-limit']),
  remaining: Number(res.headers['ratelimit-remaining']),
  reset: Number(res.headers['ratelimit-reset']),
});
const startOfWindow = (ts: TestServer) => ts.clock.advance(60_000 - (ts.clock.now() % 60_000));

describeEachDialect('SalesBlink’s rate limits (BLINKPOST_RATE_LIMITS=salesblink)', (dialect) => {
  const t = useTestServer(dialect, { rateLimits: loadConfig({}, { BLINKPOST_RATE_LIMITS: 'salesblink' }).rateLimits });

  it('allows 30 reads a minute per key, with RateLimit-* on every answer, then 429 with Retry-After', async () => {
    startOfWindow(t());
    const k = await t().key('Acme');
    for (let i = 1; i <= 30; i += 1) {
      const res = await t().call(k, 'GET', i % 2 ? '/api/public/lists' : `${V1}/sequences`);
      expectOk(res);
      expect(limitHeaders(res)).toEqual({ limit: 30, remaining: 30 - i, reset: 60 });
    }
    const over = await t().call(k, 'GET', '/api/public/lists');
    expectError(over, 429, 'rate_limited');
    expect(over.headers['retry-after']).toBe('60');
    expect(limitHeaders(over)).toEqual({ limit: 30, remaining: 0, reset: 60 });
    expectOk(await t().call(await t().key('Acme'), 'GET', '/api/public/lists'));
  });

  it('allows 15 POST and PATCH together a minute, apart from the reads', async () => {
    startOfWindow(t());
    const k = await t().key('Acme');
    for (let i = 1; i <= 14; i += 1) {
      const res = await t().call(k, 'POST', `${V1}/lists`, { name: `Tier ${i}` });
      expectOk(res);
      expect(limitHeaders(res)).toMatchObject({ limit: 15, remaining: 15 - i });
    }
    const patch = await t().call(k, 'PATCH', `${V1}/templates/00000000-0000-7000-8000-000000000000`, { name: 'x' });
    expectError(patch, 404, 'not_found');
    expect(limitHeaders(patch)).toMatchObject({ limit: 15, remaining: 0 });
    const over = await t().call(k, 'POST', `${V1}/lists`, { name: 'One too many' });
    expectError(over, 429, 'rate_limited');
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    expect(limitHeaders(await t().call(k, 'GET', '/api/public/lists'))).toMatchObject({ limit: 30, remaining: 29 });
  });

  it('allows 10 PUT and DELETE a minute', async () => {
    startOfWindow(t());
    const k = await t().key('Acme');
    for (let i = 1; i <= 10; i += 1) {
      const res = await t().call(k, 'PUT', `${V1}/maintenance`, { enabled: false });
      expectOk(res);
      expect(limitHeaders(res)).toMatchObject({ limit: 10, remaining: 10 - i });
    }
    const over = await t().call(k, 'DELETE', `${V1}/webhooks/00000000-0000-7000-8000-000000000000`);
    expectError(over, 429, 'rate_limited');
    expect(over.headers['retry-after']).toBe('60');
  });

  it('opens the next window at the minute', async () => {
    startOfWindow(t());
    const k = await t().key('Acme');
    for (let i = 0; i < 10; i += 1) expectOk(await t().call(k, 'PUT', `${V1}/maintenance`, { enabled: false }));
    expectError(await t().call(k, 'PUT', `${V1}/maintenance`, { enabled: false }), 429, 'rate_limited');
    t().clock.advance(60_000);
    expect(limitHeaders(await t().call(k, 'PUT', `${V1}/maintenance`, { enabled: false }))).toMatchObject({
      limit: 10,
      remaining: 9,
    });
  });
});
