import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { TestServer } from '../support/test-server.js';
import { expectShape, type Check } from './shape.js';

// Requests as the SalesBlink CLI makes them (v1-reference §1, §6): the raw key in `Authorization`
// (no Bearer), its User-Agent, a JSON Content-Type only when there is a body, and a query string
// built from the parameters given, undefined ones dropped.

/** The v1 base path, as the CLI's `--base-url` would end. */
export const V1 = '/api/public/v1.0.0';

/** Query parameters as the CLI passes them: undefined ones are not sent. */
export type QueryParams = Record<string, string | number | boolean | undefined>;

/** Builds `?a=1&b=x` from the defined parameters, in the order given. */
export function queryString(params: QueryParams = {}): string {
  const pairs = Object.entries(params).filter((e): e is [string, string | number | boolean] => e[1] !== undefined);
  return pairs.length
    ? `?${new URLSearchParams(pairs.map(([k, v]): [string, string] => [k, String(v)])).toString()}`
    : '';
}

/** A caller of the v1 API with one workspace's key. */
export interface SalesBlinkCaller {
  (method: string, path: string, opts?: { query?: QueryParams; body?: unknown }): Promise<LightMyRequestResponse>;
}

/** A caller that sends `key` as the SalesBlink CLI does. */
export function salesblinkCaller(t: TestServer, key: string): SalesBlinkCaller {
  return (method, path, opts = {}) => {
    const headers: Record<string, string> = { authorization: key, 'user-agent': 'salesblink-cli/0.1.0' };
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    return t.app.inject({
      method: method as 'GET',
      url: `${V1}${path}${queryString(opts.query)}`,
      headers,
      ...(opts.body === undefined ? {} : { payload: JSON.stringify(opts.body) }),
    });
  };
}

/** Checks the status, the JSON content type and the body's shape; answers the body. */
export function expectAnswer<T>(res: LightMyRequestResponse, status: number, shape: Check): T {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  const body = res.json<T>();
  expectShape(body, shape);
  return body;
}
