import { describe, expect, it } from 'vitest';
import { ApiError, BlinkpostClient } from '@blinkpost/sdk';
import { describeEachDialect } from '../../server/test/support/dialects.js';
import { retryDelayMs } from '../src/retry-delay.js';
import { useServedApi } from './support/served-api.js';

describe('retryDelayMs', () => {
  const now = Date.parse('2026-03-01T12:00:00Z');
  it.each([
    ['whole seconds', '7', 0, 7_000],
    ['zero seconds', '0', 2, 0],
    ['an HTTP date', 'Sun, 01 Mar 2026 12:00:30 GMT', 0, 30_000],
    ['an HTTP date already past', 'Sun, 01 Mar 2026 11:59:00 GMT', 0, 0],
    ['no header, first retry', null, 0, 1_000],
    ['no header, third retry', null, 2, 4_000],
    ['an empty header', '', 1, 2_000],
    ['a value that is neither', 'soon', 0, 1_000],
  ] as const)('%s', (_, header, attempt, ms) => {
    expect(retryDelayMs(header, attempt, now)).toBe(ms);
  });

  it('an unreachable server is an ApiError with status 0 and code network_error, not retried', async () => {
    let requests = 0;
    const waits: number[] = [];
    const client = new BlinkpostClient({
      baseUrl: 'http://127.0.0.1:9/api/public/v1.0.0',
      apiKey: 'k',
      fetch: (input, init) => {
        requests++;
        return fetch(input, init);
      },
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    await expect(client.account.verify()).rejects.toMatchObject({ status: 0, code: 'network_error' });
    expect([requests, waits]).toEqual([1, []]);
  });
});

describeEachDialect('SDK retries and errors against a real server', (dialect) => {
  const api = useServedApi(dialect);

  it('waits out a 503 of maintenance mode for its Retry-After, then succeeds', async () => {
    const { baseUrl, t, client: admin } = api();
    await admin.maintenance.set({ enabled: true, retry_after: 7 });
    const waits: number[] = [];
    const client = new BlinkpostClient({
      baseUrl,
      apiKey: t.admin.key,
      // Instead of sleeping, the wait is where maintenance ends.
      sleep: async (ms) => {
        waits.push(ms);
        await admin.maintenance.set({ enabled: false });
      },
    });
    expect(Array.isArray(await client.lists.list())).toBe(true);
    expect(waits).toEqual([7_000]);
  });

  it('gives up after maxRetries with an ApiError carrying the 503', async () => {
    const { baseUrl, t, client: admin } = api();
    await admin.maintenance.set({ enabled: true, retry_after: 3 });
    try {
      const waits: number[] = [];
      const client = new BlinkpostClient({
        baseUrl,
        apiKey: t.admin.key,
        maxRetries: 2,
        sleep: async (ms) => {
          waits.push(ms);
        },
      });
      const err = await client.templates.list().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ApiError);
      expect(err).toMatchObject({ status: 503, code: 'maintenance' });
      expect(waits).toEqual([3_000, 3_000]);
    } finally {
      await admin.maintenance.set({ enabled: false });
    }
  });

  it('an error answer is an ApiError with status, code and the sentence naming the field', async () => {
    const { client } = api();
    const err = await client.blocklist.add([]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 400, code: 'invalid_request' });
    expect((err as ApiError).message).toContain('emails');
    await expect(client.inbox.message('no-such-message')).rejects.toMatchObject({ status: 404, code: 'not_found' });
  });
});
