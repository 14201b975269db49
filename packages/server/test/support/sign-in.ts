import type { UserRole } from '@blinkpost/contract';
import type { LightMyRequestResponse } from 'fastify';
import type { TestKey, TestServer } from './test-server.js';

/** A signed-in dashboard user: the cookie to send and the CSRF token to echo. */
export interface TestSession {
  userId: string;
  cookie: string;
  csrf: string;
}

/** The `bp_session=…` pair of a response's Set-Cookie header. */
export function sessionCookieOf(res: LightMyRequestResponse): string | undefined {
  const header = res.headers['set-cookie'];
  const all = Array.isArray(header) ? header : header === undefined ? [] : [String(header)];
  return all.map((c) => c.split(';')[0] ?? '').find((c) => c.startsWith('bp_session='));
}

/** Adds a user with a password to the key's workspace; answers the user's id. */
export async function addUser(
  ts: TestServer,
  key: TestKey,
  email: string,
  role: UserRole,
  password = 'correct horse battery',
): Promise<string> {
  const user = await ts.server.services.users.create(key.principal, { email, role });
  await ts.server.services.users.setPassword(email, password, key.principal.workspaceName);
  return user.id;
}

/** Signs in through `POST /api/session`; throws unless it answers 200 with a cookie. */
export async function signIn(ts: TestServer, email: string, password = 'correct horse battery'): Promise<TestSession> {
  const res = await ts.app.inject({ method: 'POST', url: '/api/session', payload: { email, password } });
  const cookie = sessionCookieOf(res);
  if (res.statusCode !== 200 || !cookie) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  const body = res.json<{ user: { id: string }; csrf_token: string }>();
  return { userId: body.user.id, cookie, csrf: body.csrf_token };
}

/** One request signed in by cookie; writes carry the CSRF token unless `csrf` says otherwise (false: none). */
export function asUser(
  ts: TestServer,
  session: TestSession,
  method: string,
  url: string,
  body?: unknown,
  opts: { csrf?: string | false; headers?: Record<string, string> } = {},
): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = { cookie: session.cookie, ...opts.headers };
  const csrf = opts.csrf === undefined ? session.csrf : opts.csrf;
  if (csrf !== false) headers['x-csrf-token'] = csrf;
  if (body !== undefined) headers['content-type'] = 'application/json';
  return ts.app.inject({
    method: method as 'GET',
    url,
    headers,
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
}
