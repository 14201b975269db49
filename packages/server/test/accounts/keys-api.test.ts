import type { ApiKeySummary, IssuedApiKey } from '@blinkpost/contract';
import { describe, expect, it } from 'vitest';
import { expectError, expectOk } from '../http/api-fixtures.js';
import { describeEachDialect } from '../support/dialects.js';
import { useTestServer } from '../support/test-server.js';

const V1 = '/api/public/v1.0.0';

describeEachDialect('v1 API keys: list, create, refresh, delete', (dialect) => {
  const t = useTestServer(dialect);

  it('creates a key shown once, lists it by its hint only, and the new key works', async () => {
    const created = expectOk<IssuedApiKey>(await t().call(t().admin, 'POST', `${V1}/keys`, { name: 'CI' }));
    expect(created.message).toContain('shown only once');
    expect(created.data).toMatchObject({ name: 'CI', role: 'admin', last_used_at: '' });
    expect(created.data.key).toMatch(/^bp_live_[A-Za-z0-9]{40}$/);
    expect(Date.parse(created.data.created_at)).toBe(t().clock.now());

    const listed = expectOk<ApiKeySummary[]>(await t().call(t().admin, 'GET', `${V1}/keys`)).data;
    const row = listed.find((k) => k.id === created.data.id);
    expect(row).toMatchObject({ name: 'CI', role: 'admin', created_at: created.data.created_at });
    expect(row?.key).toBe(`${created.data.key.slice(0, 12)}…`);
    for (const k of listed) for (const v of Object.values(k)) expect(typeof v).toBe('string');
    expect(JSON.stringify(listed)).not.toContain(created.data.key);

    expectOk(await t().call(created.data.key, 'GET', `${V1}/lists`));
  });

  it('makes member keys on request; a member key gets 403 on every key route', async () => {
    const member = expectOk<IssuedApiKey>(
      await t().call(t().admin, 'POST', `${V1}/keys`, { name: 'reader', role: 'member' }),
    ).data;
    expect(member.role).toBe('member');
    const calls: [string, string, unknown?][] = [
      ['GET', `${V1}/keys`],
      ['POST', `${V1}/keys`, { name: 'x' }],
      ['POST', `${V1}/keys/${member.id}/refresh`],
      ['DELETE', `${V1}/keys/${member.id}`],
    ];
    for (const [method, url, body] of calls) {
      expectError(await t().call(member.key, method, url, body), 403, 'forbidden');
    }
  });

  it('refreshes a key: same id and name, a new secret; the old one is refused at once', async () => {
    const made = expectOk<IssuedApiKey>(await t().call(t().admin, 'POST', `${V1}/keys`, { name: 'rotate me' })).data;
    expectOk(await t().call(made.key, 'GET', `${V1}/lists`));
    const refreshed = expectOk<IssuedApiKey>(await t().call(t().admin, 'POST', `${V1}/keys/${made.id}/refresh`));
    expect(refreshed.data).toMatchObject({ id: made.id, name: 'rotate me', role: 'admin' });
    expect(refreshed.data.key).not.toBe(made.key);
    expectError(await t().call(made.key, 'GET', `${V1}/lists`), 401, 'unauthorized');
    expectOk(await t().call(refreshed.data.key, 'GET', `${V1}/lists`));
  });

  it('deletes a key, which then stops working and is no longer listed; deleting it again is a 404', async () => {
    const made = expectOk<IssuedApiKey>(await t().call(t().admin, 'POST', `${V1}/keys`, { name: 'temp' })).data;
    const deleted = expectOk<ApiKeySummary>(await t().call(t().admin, 'DELETE', `${V1}/keys/${made.id}`));
    expect(deleted.data).toMatchObject({ id: made.id, name: 'temp' });
    expectError(await t().call(made.key, 'GET', `${V1}/lists`), 401, 'unauthorized');
    const listed = expectOk<ApiKeySummary[]>(await t().call(t().admin, 'GET', `${V1}/keys`)).data;
    expect(listed.map((k) => k.id)).not.toContain(made.id);
    expectError(await t().call(t().admin, 'DELETE', `${V1}/keys/${made.id}`), 404, 'not_found');
    expectError(await t().call(t().admin, 'POST', `${V1}/keys/${made.id}/refresh`), 404, 'not_found');
  });

  describe('409 rules', () => {
    it('refuses to delete the key in use while another admin key exists', async () => {
      const other = expectOk<IssuedApiKey>(await t().call(t().admin, 'POST', `${V1}/keys`, { name: 'spare' })).data;
      const res = expectError(await t().call(other.key, 'DELETE', `${V1}/keys/${other.id}`), 409, 'conflict');
      expect(res.message).toContain('key in use');
      expectOk(await t().call(other.key, 'GET', `${V1}/lists`));
    });

    it("refuses to delete a workspace's last admin key", async () => {
      const solo = await t().key('Solo workspace');
      const res = expectError(await t().call(solo, 'DELETE', `${V1}/keys/${solo.principal.keyId}`), 409, 'conflict');
      expect(res.message).toContain('last admin key');
      expectOk(await t().call(solo, 'GET', `${V1}/lists`));
    });
  });

  it("answers 404 for another workspace's key, and lists only the caller's", async () => {
    const globex = await t().key('Globex');
    const id = globex.principal.keyId;
    expectError(await t().call(t().admin, 'DELETE', `${V1}/keys/${id}`), 404, 'not_found');
    expectError(await t().call(t().admin, 'POST', `${V1}/keys/${id}/refresh`), 404, 'not_found');
    const acme = expectOk<ApiKeySummary[]>(await t().call(t().admin, 'GET', `${V1}/keys`)).data;
    expect(acme.map((k) => k.id)).not.toContain(id);
    expectOk(await t().call(globex, 'GET', `${V1}/lists`));
  });

  it('names the field of a bad body', async () => {
    const missing = expectError(await t().call(t().admin, 'POST', `${V1}/keys`, {}), 400, 'invalid_request');
    expect(missing.message).toContain('name');
    const role = expectError(
      await t().call(t().admin, 'POST', `${V1}/keys`, { name: 'x', role: 'owner' }),
      400,
      'invalid_request',
    );
    expect(role.message).toContain('role');
  });
});
