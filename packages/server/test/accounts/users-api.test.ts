import type { User } from '@blinkpost/contract';
import { beforeAll, expect, it } from 'vitest';
import { expectError, expectOk } from '../http/api-fixtures.js';
import { describeEachDialect } from '../support/dialects.js';
import { useTestServer, type TestKey } from '../support/test-server.js';

const V1 = '/api/public/v1.0.0';

describeEachDialect('v1 users', (dialect) => {
  const t = useTestServer(dialect);
  let member: TestKey;
  let globex: TestKey;

  beforeAll(async () => {
    member = await t().key('Acme', 'member');
    globex = await t().key('Globex');
  });

  it('invites a user with role user by default, and lists the workspace’s users latest first', async () => {
    const ann = expectOk<User>(await t().call(t().admin, 'POST', `${V1}/users`, { email: ' Ann@Example.com ' }));
    expect(ann.data).toMatchObject({
      email: 'Ann@Example.com',
      name: '',
      role: 'user',
      status: 'invited',
      url: '',
      created_at: new Date(t().clock.now()).toISOString(),
    });
    t().clock.advance(1000);
    const bob = expectOk<User>(
      await t().call(t().admin, 'POST', `${V1}/users`, {
        email: 'bob@example.com',
        role: 'developer',
        url: 'https://app.example.com/welcome',
      }),
    ).data;
    expect(bob).toMatchObject({ role: 'developer', url: 'https://app.example.com/welcome' });

    const listed = expectOk<User[]>(await t().call(member, 'GET', `${V1}/users?owned_by=someone`));
    expect(listed.data.map((u) => u.email)).toEqual(['bob@example.com', 'Ann@Example.com']);
    expect(listed.count).toBe(2);
    const searched = expectOk<User[]>(await t().call(t().admin, 'GET', `${V1}/users?search=ANN`)).data;
    expect(searched.map((u) => u.id)).toEqual([ann.data.id]);
    expect(expectOk<User[]>(await t().call(globex, 'GET', `${V1}/users`)).data).toEqual([]);
  });

  it('refuses a second user with the same email, ignoring case (409)', async () => {
    await t().call(t().admin, 'POST', `${V1}/users`, { email: 'dup@example.com' });
    const res = expectError(
      await t().call(t().admin, 'POST', `${V1}/users`, { email: 'DUP@example.com' }),
      409,
      'conflict',
    );
    expect(res.message).toContain('DUP@example.com');
    // Another workspace may have the same person.
    expectOk(await t().call(globex, 'POST', `${V1}/users`, { email: 'dup@example.com' }));
  });

  it('changes a user’s name and role', async () => {
    const id = expectOk<User>(await t().call(t().admin, 'POST', `${V1}/users`, { email: 'cy@example.com' })).data.id;
    t().clock.advance(5000);
    const res = expectOk<User>(
      await t().call(t().admin, 'PATCH', `${V1}/users/${id}`, { name: 'Cy Young', role: 'admin' }),
    );
    expect(res.data).toMatchObject({ id, name: 'Cy Young', role: 'admin', email: 'cy@example.com' });
    expect(res.data.last_modified).toBe(new Date(t().clock.now()).toISOString());
    const renamed = expectOk<User>(await t().call(t().admin, 'PATCH', `${V1}/users/${id}`, { name: 'Cy' })).data;
    expect(renamed).toMatchObject({ name: 'Cy', role: 'admin' });
  });

  it('gives member keys 403 on writes, and 404 for another workspace’s user or an unknown id', async () => {
    const id = expectOk<User>(await t().call(t().admin, 'POST', `${V1}/users`, { email: 'dee@example.com' })).data.id;
    expectError(await t().call(member, 'POST', `${V1}/users`, { email: 'eve@example.com' }), 403, 'forbidden');
    expectError(await t().call(member, 'PATCH', `${V1}/users/${id}`, { name: 'x' }), 403, 'forbidden');
    expectError(await t().call(globex, 'PATCH', `${V1}/users/${id}`, { name: 'x' }), 404, 'not_found');
    expectError(await t().call(t().admin, 'PATCH', `${V1}/users/nope`, { name: 'x' }), 404, 'not_found');
  });

  it.each([
    [{}, 'email'],
    [{ email: 'not-an-address' }, 'email'],
    [{ email: 'fay@example.com', role: 'owner' }, 'role'],
    [{ email: 'fay@example.com', role: 3 }, 'role'],
  ])('refuses the invitation %j naming %s', async (body, field) => {
    const res = expectError(await t().call(t().admin, 'POST', `${V1}/users`, body), 400, 'invalid_request');
    expect(res.message).toContain(field);
  });

  it('refuses an update with neither name nor role, or an unknown role, naming the field', async () => {
    const id = expectOk<User>(await t().call(t().admin, 'POST', `${V1}/users`, { email: 'gus@example.com' })).data.id;
    const empty = expectError(await t().call(t().admin, 'PATCH', `${V1}/users/${id}`, {}), 400, 'invalid_request');
    expect(empty.message).toContain('name');
    const role = expectError(
      await t().call(t().admin, 'PATCH', `${V1}/users/${id}`, { role: 'root' }),
      400,
      'invalid_request',
    );
    expect(role.message).toContain('role');
  });
});
