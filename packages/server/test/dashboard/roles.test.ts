import type { UserRole } from '@blinkpost/contract';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { addUser, asUser, signIn, type TestSession } from '../support/sign-in.js';
import { useTestServer } from '../support/test-server.js';

const V1 = '/api/public/v1.0.0';
const ROLES: UserRole[] = ['admin', 'developer', 'user', 'client'];

// What each role may do, one request per kind of route: [method, path, body, roles answered 2xx].
const MATRIX: [string, string, unknown, UserRole[]][] = [
  ['GET', '/lists', undefined, ['admin', 'developer', 'user', 'client']],
  ['GET', '/users', undefined, ['admin', 'developer', 'user', 'client']],
  ['POST', '/lists', { name: 'New list' }, ['admin', 'developer', 'user']],
  ['POST', '/folders', { name: 'Folder', type: 'general' }, ['admin', 'developer', 'user']],
  ['GET', '/webhooks', undefined, ['admin', 'developer', 'user', 'client']],
  ['GET', '/keys', undefined, ['admin', 'developer']],
  ['POST', '/keys', { name: 'made by role', role: 'member' }, ['admin', 'developer']],
  ['POST', '/users', { email: 'newcomer@example.com' }, ['admin']],
  ['GET', '/workspaces', undefined, ['admin']],
  ['GET', '/maintenance', undefined, ['admin']],
];

describeEachDialect('dashboard roles', (dialect) => {
  const t = useTestServer(dialect);
  const sessions = {} as Record<UserRole, TestSession>;

  beforeAll(async () => {
    for (const role of ROLES) {
      await addUser(t(), t().admin, `${role}@example.com`, role);
      sessions[role] = await signIn(t(), `${role}@example.com`);
    }
  });

  it.each(MATRIX)('%s %s is allowed for %j only', async (method, path, body, allowed) => {
    for (const role of ROLES) {
      // Each role gets its own body where it must be unique, so an earlier role's success does not make a 409.
      const own =
        path === '/users' && method === 'POST'
          ? { email: `newcomer-${role}@example.com` }
          : (body as object | undefined);
      const res = await asUser(t(), sessions[role], method, `${V1}${path}`, own);
      if (allowed.includes(role)) {
        expect(res.statusCode, `${role}: ${res.body}`).toBeLessThan(300);
      } else {
        expect(res.statusCode, `${role}: ${res.body}`).toBe(403);
        expect(res.json<{ error: { code: string } }>().error.code).toBe('forbidden');
      }
    }
  });

  it('tells a client that it may only read', async () => {
    const res = await asUser(t(), sessions.client, 'POST', `${V1}/lists`, { name: 'x' });
    expect(res.json<{ message: string }>().message).toContain('client');
  });

  it('gives a developer member keys by default and refuses admin keys', async () => {
    const made = await asUser(t(), sessions.developer, 'POST', `${V1}/keys`, { name: 'ci' });
    expect(made.statusCode).toBe(200);
    expect(made.json<{ data: { role: string } }>().data.role).toBe('member');

    const admin = await asUser(t(), sessions.developer, 'POST', `${V1}/keys`, { name: 'root', role: 'admin' });
    expect(admin.statusCode).toBe(403);

    const adminKey = await t().key('Acme', 'admin');
    const refresh = await asUser(t(), sessions.developer, 'POST', `${V1}/keys/${adminKey.principal.keyId}/refresh`);
    expect(refresh.statusCode).toBe(403);
    const remove = await asUser(t(), sessions.developer, 'DELETE', `${V1}/keys/${adminKey.principal.keyId}`);
    expect(remove.statusCode).toBe(403);
    // The admin key still works: nothing was changed.
    expect((await t().call(adminKey, 'GET', `${V1}/keys`)).statusCode).toBe(200);
  });

  it('gives an admin user admin keys by default, as an admin key does', async () => {
    const made = await asUser(t(), sessions.admin, 'POST', `${V1}/keys`, { name: 'ops' });
    expect(made.json<{ data: { role: string } }>().data.role).toBe('admin');
  });

  it('applies a change of role at the next request', async () => {
    await addUser(t(), t().admin, 'mover@example.com', 'user');
    const mover = await signIn(t(), 'mover@example.com');
    expect((await asUser(t(), mover, 'POST', `${V1}/lists`, { name: 'Before' })).statusCode).toBe(200);
    const demote = await asUser(t(), sessions.admin, 'PATCH', `${V1}/users/${mover.userId}`, { role: 'client' });
    expect(demote.statusCode).toBe(200);
    expect((await asUser(t(), mover, 'POST', `${V1}/lists`, { name: 'After' })).statusCode).toBe(403);
    const session = await t().app.inject({ method: 'GET', url: '/api/session', headers: { cookie: mover.cookie } });
    expect(session.json<{ user: { role: string } }>().user.role).toBe('client');
  });

  it('keeps API-key roles as they were: a member key may not reach admin routes', async () => {
    const member = await t().key('Acme', 'member');
    expect((await t().call(member, 'GET', `${V1}/keys`)).statusCode).toBe(403);
    expect((await t().call(member, 'POST', `${V1}/lists`, { name: 'Member list' })).statusCode).toBe(200);
  });
});
