import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { addUser, asUser, sessionCookieOf, signIn } from '../support/sign-in.js';
import { startTestServer, useTestServer, type TestServer } from '../support/test-server.js';

const V1 = '/api/public/v1.0.0';
const DAY = 24 * 3_600_000;

const postSession = (ts: TestServer, body: unknown, remoteAddress = '127.0.0.1') =>
  ts.app.inject({ method: 'POST', url: '/api/session', payload: body as object, remoteAddress });
const getSession = (ts: TestServer, cookie: string) =>
  ts.app.inject({ method: 'GET', url: '/api/session', headers: { cookie } });

describeEachDialect('dashboard sessions', (dialect) => {
  const t = useTestServer(dialect);
  let userId = '';

  beforeAll(async () => {
    userId = await addUser(t(), t().admin, 'Ann@Example.com', 'user', 'correct horse battery');
  });

  describe('POST /api/session', () => {
    it('signs in: the user, the workspace, a CSRF token, and an HttpOnly SameSite=Lax cookie', async () => {
      const res = await postSession(t(), { email: 'ann@example.com', password: 'correct horse battery' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      const { csrf_token, ...rest } = res.json<{ csrf_token: string }>();
      expect(rest).toEqual({
        user: { id: userId, email: 'Ann@Example.com', name: '', role: 'user' },
        workspace: { id: t().admin.principal.workspaceId, name: 'Acme' },
      });
      expect(csrf_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const setCookie = String(res.headers['set-cookie']);
      expect(setCookie).toMatch(/^bp_session=[A-Za-z0-9_-]{43}; /);
      expect(setCookie.split('; ')).toEqual(
        expect.arrayContaining(['Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${14 * 24 * 3600}`]),
      );
      expect(setCookie).not.toContain('Secure');
    });

    it('replaces the session of a browser that signs in again', async () => {
      const first = await signIn(t(), 'ann@example.com');
      const again = await t().app.inject({
        method: 'POST',
        url: '/api/session',
        headers: { cookie: first.cookie },
        payload: { email: 'ann@example.com', password: 'correct horse battery' },
      });
      expect(again.statusCode).toBe(200);
      const second = sessionCookieOf(again);
      expect(second).toBeDefined();
      expect(second).not.toBe(first.cookie);
      expect((await getSession(t(), first.cookie)).statusCode).toBe(401);
      expect((await getSession(t(), second!)).statusCode).toBe(200);
    });

    it('stores only a hash of the token', async () => {
      const s = await signIn(t(), 'ann@example.com');
      const token = s.cookie.slice('bp_session='.length);
      const rows = await t()
        .server.store.db.kysely.selectFrom('sessions')
        .select(['token_hash'])
        .where('user_id', '=', userId)
        .execute();
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.map((r) => r.token_hash)).not.toContain(token);
      expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true);
    });

    it('answers the same 401 for a wrong password and for an unknown email, and sets no cookie', async () => {
      const wrong = await postSession(t(), { email: 'ann@example.com', password: 'wrong horse' }, '10.0.0.1');
      const unknown = await postSession(t(), { email: 'nobody@example.com', password: 'x' }, '10.0.0.1');
      for (const res of [wrong, unknown]) {
        expect(res.statusCode).toBe(401);
        expect(res.headers['set-cookie']).toBeUndefined();
        expect(res.json()).toMatchObject({ success: false, message: 'Wrong email or password' });
        expect(res.json<{ error: { code: string } }>().error.code).toBe('unauthorized');
      }
    });

    it('refuses a user who has no password yet (invited)', async () => {
      await t().server.services.users.create(t().admin.principal, { email: 'invited@example.com' });
      const res = await postSession(t(), { email: 'invited@example.com', password: '' }, '10.0.0.2');
      expect(res.statusCode).toBe(400);
      const res2 = await postSession(t(), { email: 'invited@example.com', password: 'anything' }, '10.0.0.2');
      expect(res2.statusCode).toBe(401);
    });

    it('names the missing field of a malformed body', async () => {
      const res = await postSession(t(), { email: 'ann@example.com' });
      expect(res.statusCode).toBe(400);
      expect(res.json<{ message: string }>().message).toContain('password');
    });
  });

  describe('GET and DELETE /api/session', () => {
    it('GET answers the session, CSRF token included, and renews the cookie', async () => {
      const s = await signIn(t(), 'ann@example.com');
      const res = await getSession(t(), s.cookie);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ user: { id: userId, role: 'user' }, csrf_token: s.csrf });
      expect(sessionCookieOf(res)).toBe(s.cookie);
    });

    it('GET without a cookie, or with an unknown one, is a 401 (the unknown cookie is cleared)', async () => {
      const none = await t().app.inject({ method: 'GET', url: '/api/session' });
      expect(none.statusCode).toBe(401);
      expect(none.headers['set-cookie']).toBeUndefined();
      const bogus = await getSession(t(), 'bp_session=not-a-session');
      expect(bogus.statusCode).toBe(401);
      expect(String(bogus.headers['set-cookie'])).toMatch(/^bp_session=; .*Max-Age=0/);
    });

    it('DELETE needs the CSRF header, then ends the session and clears the cookie', async () => {
      const s = await signIn(t(), 'ann@example.com');
      const refused = await asUser(t(), s, 'DELETE', '/api/session', undefined, { csrf: false });
      expect(refused.statusCode).toBe(403);
      expect(refused.json<{ message: string }>().message).toContain('X-CSRF-Token');
      expect((await getSession(t(), s.cookie)).statusCode).toBe(200);

      const done = await asUser(t(), s, 'DELETE', '/api/session');
      expect(done.statusCode).toBe(204);
      expect(String(done.headers['set-cookie'])).toMatch(/^bp_session=; .*Max-Age=0/);
      expect((await getSession(t(), s.cookie)).statusCode).toBe(401);
      expect((await asUser(t(), s, 'GET', `${V1}/lists`)).statusCode).toBe(401);
    });
  });

  describe('expiry', () => {
    it('ends 14 days after the last use, and each use moves the end forward', async () => {
      const s = await signIn(t(), 'ann@example.com');
      t().clock.advance(10 * DAY);
      expect((await getSession(t(), s.cookie)).statusCode).toBe(200);
      t().clock.advance(10 * DAY);
      expect((await asUser(t(), s, 'GET', `${V1}/lists`)).statusCode).toBe(200);
      t().clock.advance(14 * DAY + 1);
      expect((await getSession(t(), s.cookie)).statusCode).toBe(401);
      expect((await asUser(t(), s, 'GET', `${V1}/lists`)).statusCode).toBe(401);
    });

    it('a new password ends every session of the user', async () => {
      const s = await signIn(t(), 'ann@example.com');
      await t().server.services.users.setPassword('ann@example.com', 'correct horse battery');
      expect((await getSession(t(), s.cookie)).statusCode).toBe(401);
    });
  });

  describe('the API with the cookie', () => {
    it('serves v1 and legacy routes for the user’s workspace', async () => {
      const s = await signIn(t(), 'ann@example.com');
      const made = await asUser(t(), s, 'POST', `${V1}/lists`, { name: 'Cookie list' });
      expect(made.statusCode).toBe(200);
      const v1 = await asUser(t(), s, 'GET', `${V1}/lists`);
      expect(v1.statusCode).toBe(200);
      expect(v1.json<{ data: { name: string }[] }>().data.map((l) => l.name)).toContain('Cookie list');
      const legacy = await asUser(t(), s, 'GET', '/api/public/lists');
      expect(legacy.statusCode).toBe(200);
      const verify = await asUser(t(), s, 'GET', `${V1}/account/verify`);
      expect(verify.json()).toMatchObject({
        data: {
          workspace_id: t().admin.principal.workspaceId,
          key_id: `user:${userId}`,
          role: 'member',
          email: 'Ann@Example.com',
        },
      });
    });

    it('refuses a write without X-CSRF-Token, or with a wrong one, with a 403 naming the header', async () => {
      const s = await signIn(t(), 'ann@example.com');
      for (const csrf of [false as const, 'wrong', `${s.csrf}x`]) {
        const res = await asUser(t(), s, 'POST', `${V1}/lists`, { name: 'Forged' }, { csrf });
        expect(res.statusCode).toBe(403);
        expect(res.json<{ message: string }>().message).toMatch(/X-CSRF-Token/);
      }
      const lists = await t().call(t().admin, 'GET', `${V1}/lists`);
      expect(lists.json<{ data: { name: string }[] }>().data.map((l) => l.name)).not.toContain('Forged');
    });

    it("does not take another session's CSRF token", async () => {
      const a = await signIn(t(), 'ann@example.com');
      const b = await signIn(t(), 'ann@example.com');
      const res = await asUser(t(), a, 'POST', `${V1}/lists`, { name: 'Crossed' }, { csrf: b.csrf });
      expect(res.statusCode).toBe(403);
    });

    it('lets an Authorization header win over the cookie; API keys need no CSRF header', async () => {
      const s = await signIn(t(), 'ann@example.com');
      const res = await asUser(t(), s, 'GET', `${V1}/lists`, undefined, {
        headers: { authorization: 'bp_live_unknown' },
      });
      expect(res.statusCode).toBe(401);
      const keyWrite = await t().call(t().admin, 'POST', `${V1}/lists`, { name: 'By key' });
      expect(keyWrite.statusCode).toBe(200);
    });

    it("keeps workspaces apart: a user sees and changes only their own workspace's data", async () => {
      const other = await t().key('Other Co');
      const theirs = await t().call(other, 'POST', `${V1}/lists`, { name: 'Their list' });
      const listId = theirs.json<{ data: { id: string } }>().data.id;
      await addUser(t(), other, 'bob@other.example', 'admin');
      const ann = await signIn(t(), 'ann@example.com');
      const bob = await signIn(t(), 'bob@other.example');

      const annLists = await asUser(t(), ann, 'GET', `${V1}/lists`);
      expect(annLists.json<{ data: { id: string }[] }>().data.map((l) => l.id)).not.toContain(listId);
      expect((await asUser(t(), ann, 'GET', `${V1}/lists/${listId}`)).statusCode).toBe(404);
      expect((await asUser(t(), ann, 'PATCH', `${V1}/lists/${listId}`, { name: 'Taken' })).statusCode).toBe(404);
      expect((await asUser(t(), bob, 'GET', `${V1}/lists/${listId}`)).statusCode).toBe(200);
      const bobUsers = await asUser(t(), bob, 'GET', `${V1}/users`);
      expect(bobUsers.json<{ data: { email: string }[] }>().data.map((u) => u.email)).toEqual(['bob@other.example']);
    });
  });
});

describeEachDialect('dashboard sign-in rate limit', (dialect) => {
  const t = useTestServer(dialect);

  beforeAll(async () => {
    await addUser(t(), t().admin, 'carol@example.com', 'user', 'correct horse battery');
  });

  it('after 10 failures for an email from one address answers 429 with Retry-After, even to the right password', async () => {
    const attempt = (password: string, email = 'carol@example.com', ip = '192.0.2.7') =>
      postSession(t(), { email, password }, ip);
    for (let i = 0; i < 10; i++) expect((await attempt(`guess ${i}`)).statusCode).toBe(401);
    const limited = await attempt('correct horse battery');
    expect(limited.statusCode).toBe(429);
    expect(limited.json<{ error: { code: string } }>().error.code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBe(15 * 60);
    expect(limited.headers['set-cookie']).toBeUndefined();

    // Another address, or another email from the same address, is counted apart.
    expect((await attempt('correct horse battery', 'carol@example.com', '192.0.2.8')).statusCode).toBe(200);
    expect((await attempt('nope', 'dave@example.com')).statusCode).toBe(401);

    t().clock.advance(5 * 60_000);
    const still = await attempt('correct horse battery');
    expect(still.statusCode).toBe(429);
    expect(Number(still.headers['retry-after'])).toBe(10 * 60);
    t().clock.advance(10 * 60_000);
    expect((await attempt('correct horse battery')).statusCode).toBe(200);
  });
});

describe('the session cookie over https', () => {
  it('is Secure when the public URL is https', async () => {
    const ts = await startTestServer('sqlite', { publicUrl: 'https://mail.example.com' });
    try {
      await addUser(ts, ts.admin, 'erin@example.com', 'admin');
      const res = await postSession(ts, { email: 'erin@example.com', password: 'correct horse battery' });
      expect(res.statusCode).toBe(200);
      expect(String(res.headers['set-cookie']).split('; ')).toContain('Secure');
    } finally {
      await ts.server.close();
      await ts.testDb.destroy();
    }
  });
});
