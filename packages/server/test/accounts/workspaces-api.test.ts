import type { AccountVerification, CreatedWorkspace, List, Workspace } from '@blinkpost/contract';
import { expect, it } from 'vitest';
import { expectError, expectOk, type Ok } from '../http/api-fixtures.js';
import { describeEachDialect } from '../support/dialects.js';
import { useTestServer } from '../support/test-server.js';

const V1 = '/api/public/v1.0.0';

describeEachDialect('v1 workspaces', (dialect) => {
  const t = useTestServer(dialect);

  it("lists the key's own workspace only", async () => {
    await t().key('Someone else');
    const res = expectOk<Workspace[]>(await t().call(t().admin, 'GET', `${V1}/workspaces?owned_by=me`));
    expect(res.data).toEqual([
      { id: t().admin.principal.workspaceId, name: 'Acme', created_at: new Date(t().clock.now()).toISOString() },
    ]);
    expect(res.count).toBe(1);
  });

  it('creates a workspace (201) with a first admin key that works there and sees nothing of the first', async () => {
    const res = await t().call(t().admin, 'POST', `${V1}/workspaces`, { name: 'Initech' });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json<Ok<CreatedWorkspace>>();
    expect(body.data).toMatchObject({ name: 'Initech', api_key: { role: 'admin', last_used_at: '' } });
    expect(body.data.api_key.key).toMatch(/^bp_live_/);

    const key = body.data.api_key.key;
    const who = expectOk<AccountVerification>(await t().call(key, 'GET', `${V1}/account/verify`)).data;
    expect(who).toMatchObject({ workspace_id: body.data.id, org: 'Initech', role: 'admin' });
    await t().call(t().admin, 'POST', `${V1}/lists`, { name: 'Acme only' });
    expect(expectOk<List[]>(await t().call(key, 'GET', `${V1}/lists`)).data).toEqual([]);
    expect(expectOk<Workspace[]>(await t().call(key, 'GET', `${V1}/workspaces`)).data.map((w) => w.id)).toEqual([
      body.data.id,
    ]);
  });

  it('replays a retried create with the same Idempotency-Key: one workspace, the same key, still 201', async () => {
    const headers = { 'idempotency-key': 'create-ws-1' };
    const first = await t().call(t().admin, 'POST', `${V1}/workspaces`, { name: 'Retry Inc' }, headers);
    const again = await t().call(t().admin, 'POST', `${V1}/workspaces`, { name: 'Retry Inc' }, headers);
    expect([first.statusCode, again.statusCode]).toEqual([201, 201]);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toBe(first.body);
  });

  it('takes SalesBlink’s workspaceName, and refuses a name in use (409)', async () => {
    const res = await t().call(t().admin, 'POST', `${V1}/workspaces`, { workspaceName: 'Umbrella' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<Ok<CreatedWorkspace>>().data.name).toBe('Umbrella');
    expectError(await t().call(t().admin, 'POST', `${V1}/workspaces`, { name: 'Umbrella' }), 409, 'conflict');
  });

  it('renames the key’s workspace; the new name shows at once; another workspace’s id is a 404', async () => {
    const own = t().admin.principal.workspaceId;
    const other = await t().key('Hooli');
    const renamed = expectOk<Workspace>(
      await t().call(t().admin, 'PATCH', `${V1}/workspaces/${own}`, { name: 'Acme Corp' }),
    );
    expect(renamed.data).toMatchObject({ id: own, name: 'Acme Corp' });
    const who = expectOk<AccountVerification>(await t().call(t().admin, 'GET', `${V1}/account/verify`)).data;
    expect(who.org).toBe('Acme Corp');
    expectError(
      await t().call(t().admin, 'PATCH', `${V1}/workspaces/${other.principal.workspaceId}`, { name: 'Mine now' }),
      404,
      'not_found',
    );
    expectError(await t().call(t().admin, 'PATCH', `${V1}/workspaces/nope`, { name: 'Whatever' }), 404, 'not_found');
  });

  it('gives member keys 403 on every workspace route', async () => {
    const member = await t().key('Acme Corp', 'member');
    const own = member.principal.workspaceId;
    expectError(await t().call(member, 'GET', `${V1}/workspaces`), 403, 'forbidden');
    expectError(await t().call(member, 'POST', `${V1}/workspaces`, { name: 'Sneaky' }), 403, 'forbidden');
    expectError(await t().call(member, 'PATCH', `${V1}/workspaces/${own}`, { name: 'Sneaky' }), 403, 'forbidden');
  });

  it.each([
    ['POST', {}, 'name'],
    ['POST', { name: 'abc' }, 'name'],
    ['POST', { workspaceName: 'ab' }, 'workspaceName'],
    ['POST', { name: '    ' }, 'name'],
    ['PATCH', { name: 'abc' }, 'name'],
    ['PATCH', {}, 'name'],
  ])('%s %j is a 400 naming %s', async (method, body, field) => {
    const url = method === 'POST' ? `${V1}/workspaces` : `${V1}/workspaces/${t().admin.principal.workspaceId}`;
    const res = expectError(await t().call(t().admin, method, url, body), 400, 'invalid_request');
    expect(res.message).toContain(field);
  });
});
