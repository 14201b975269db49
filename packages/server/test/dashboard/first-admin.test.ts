import { expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { signIn } from '../support/sign-in.js';
import { useTestServer } from '../support/test-server.js';

describeEachDialect('the first dashboard admin', (dialect) => {
  const t = useTestServer(dialect);

  it('turns an invited user with the email into the admin, once, even when two starts race', async () => {
    const invited = await t().server.services.users.create(t().admin.principal, {
      email: 'Boss@Example.com',
      role: 'client',
    });
    const [a, b] = await Promise.all([
      t().server.services.users.ensureFirstAdmin('boss@example.com'),
      t().server.services.users.ensureFirstAdmin('boss@example.com'),
    ]);
    const made = [a, b].filter((x) => x !== undefined);
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({ email: 'Boss@Example.com', workspaceName: 'Acme' });

    const s = await signIn(t(), 'boss@example.com', made[0]!.generated);
    expect(s.userId).toBe(invited.id);
    const me = await t().app.inject({ method: 'GET', url: '/api/session', headers: { cookie: s.cookie } });
    expect(me.json()).toMatchObject({ user: { role: 'admin' }, workspace: { name: 'Acme' } });
    const users = await t().call(t().admin, 'GET', '/api/public/v1.0.0/users');
    expect(users.json<{ data: { email: string; status: string }[] }>().data).toEqual([
      expect.objectContaining({ email: 'Boss@Example.com', status: 'active' }),
    ]);

    expect(await t().server.services.users.ensureFirstAdmin('boss@example.com')).toBeUndefined();
    expect(await t().server.services.users.ensureFirstAdmin('someone-else@example.com')).toBeUndefined();
  });
});
