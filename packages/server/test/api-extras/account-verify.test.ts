import { expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { useTestServer } from '../support/test-server.js';
import { expectError, expectOk } from '../http/api-fixtures.js';

// v1-reference.md §4.13: GET /account/verify answers whose the key is. The SalesBlink CLI calls it when
// a key is configured and reads data.email, data.name and data.org; strings are never null.

const URL = '/api/public/v1.0.0/account/verify';

interface Verification {
  valid: boolean;
  email: string;
  name: string;
  org: string;
  workspace_id: string;
  workspace_name: string;
  role: string;
  key_id: string;
  key: string;
}

describeEachDialect('GET /account/verify', (dialect) => {
  const t = useTestServer(dialect);

  it("answers the admin key's workspace, name and role", async () => {
    const { admin } = t();
    const body = expectOk<Verification>(await t().call(admin, 'GET', URL));
    expect(body.message).toBe('The API key is valid');
    expect(body.data).toEqual({
      valid: true,
      email: '',
      name: 'test',
      org: 'Acme',
      workspace_id: admin.principal.workspaceId,
      workspace_name: 'Acme',
      role: 'admin',
      key_id: admin.principal.keyId,
      key: `${admin.key.slice(0, 12)}…`,
    });
  });

  it('types every field as the CLI expects: strings never null, valid a boolean', async () => {
    const { data } = expectOk<Record<string, unknown>>(await t().call(t().admin, 'GET', URL));
    for (const [field, value] of Object.entries(data)) {
      expect(typeof value, field).toBe(field === 'valid' ? 'boolean' : 'string');
    }
    expect(Object.keys(data)).toEqual(expect.arrayContaining(['email', 'name', 'org']));
  });

  it('answers a member key of another workspace with that workspace and the member role', async () => {
    const member = await t().key('Globex', 'member');
    const { data } = expectOk<Verification>(
      await t().call(member, 'GET', URL, undefined, { authorization: `Bearer ${member.key}` }),
    );
    expect(data).toMatchObject({
      org: 'Globex',
      workspace_name: 'Globex',
      workspace_id: member.principal.workspaceId,
      role: 'member',
      key_id: member.principal.keyId,
    });
    expect(data.workspace_id).not.toBe(t().admin.principal.workspaceId);
  });

  it('answers 401 for no key, an unknown key and a revoked key, with one body', async () => {
    const revoked = await t().key('Acme');
    await t().server.services.keys.revoke(revoked.principal.keyId);
    const answers = [
      await t().call(undefined, 'GET', URL),
      await t().call('bp_live_' + 'x'.repeat(40), 'GET', URL),
      await t().call(revoked, 'GET', URL),
    ];
    const messages = answers.map((res) => expectError(res, 401, 'unauthorized').message);
    expect(new Set(messages).size).toBe(1);
  });

  it('is a v1 endpoint: the legacy prefix has no such path', async () => {
    expectError(await t().call(t().admin, 'GET', '/api/public/account/verify'), 404, 'not_found');
  });
});
