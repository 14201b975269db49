import { beforeAll, describe, expect, it } from 'vitest';
import { BlinkpostClient } from '@blinkpost/sdk';
import { describeEachDialect } from '../../server/test/support/dialects.js';
import { addUser, signIn, type TestSession } from '../../server/test/support/sign-in.js';
import { useServedApi } from './support/served-api.js';

describeEachDialect('the SDK signed in by cookie (the dashboard)', (dialect) => {
  const api = useServedApi(dialect);
  let base: string;
  let session: TestSession;
  const seen: { credentials?: string; headers: Record<string, string> }[] = [];
  // Node's fetch keeps no cookie jar: this one plays the browser, sending the session cookie.
  const browserFetch: typeof fetch = (input, init) => {
    const headers = { ...(init?.headers as Record<string, string>), cookie: session.cookie };
    seen.push({ credentials: init?.credentials, headers });
    return fetch(input, { ...init, headers });
  };
  beforeAll(async () => {
    const { t, baseUrl } = api();
    base = baseUrl;
    await addUser(t, t.admin, 'web@example.com', 'user');
    session = await signIn(t, 'web@example.com');
  });

  it('sends no Authorization, asks for the cookie, and echoes the CSRF token on writes only', async () => {
    const client = new BlinkpostClient({ baseUrl: base, csrfToken: session.csrf, fetch: browserFetch });
    const list = await client.createList({ name: 'From the dashboard' });
    expect((await client.getList(list.id)).name).toBe('From the dashboard');
    const [write, read] = seen.slice(-2);
    expect(write?.headers['x-csrf-token']).toBe(session.csrf);
    expect(read?.headers['x-csrf-token']).toBeUndefined();
    expect(seen.every((r) => r.credentials === 'same-origin' && r.headers['authorization'] === undefined)).toBe(true);
  });

  it('is refused a write without the CSRF token', async () => {
    const client = new BlinkpostClient({ baseUrl: base, fetch: browserFetch });
    await expect(client.createList({ name: 'no token' })).rejects.toMatchObject({ status: 403, code: 'forbidden' });
  });
});

describe('an SDK client with an API key', () => {
  it('sends the key and leaves credentials to fetch', async () => {
    let init: RequestInit | undefined;
    const client = new BlinkpostClient({
      baseUrl: 'http://127.0.0.1:1/api/public/v1.0.0',
      apiKey: 'bp_live_x',
      csrfToken: 'ignored',
      fetch: async (_input, i) => {
        init = i;
        return new Response(JSON.stringify({ success: true, data: [] }), { status: 200 });
      },
    });
    await client.lists.list();
    expect(init?.headers).toMatchObject({ authorization: 'bp_live_x' });
    expect(init?.credentials).toBeUndefined();
  });
});
