import { ApiError, BlinkpostClient } from '@blinkpost/sdk';
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../server/test/support/dialects.js';
import { useServedApi } from './support/served-api.js';

describeEachDialect('SDK keys, users, workspaces and folders against a real server', (dialect) => {
  const api = useServedApi(dialect);

  it('creates, lists, refreshes and deletes API keys; the refreshed secret replaces the old', async () => {
    const { client, baseUrl } = api();
    const made = await client.keys.create({ name: 'sdk' });
    expect(made.key).toMatch(/^bp_live_/);
    expect((await client.keys.list()).map((k) => k.id)).toContain(made.id);

    const refreshed = await client.keys.refresh(made.id);
    expect(refreshed).toMatchObject({ id: made.id, name: 'sdk' });
    const stale = new BlinkpostClient({ baseUrl, apiKey: made.key, maxRetries: 0 });
    await expect(stale.keys.list()).rejects.toMatchObject({ status: 401, code: 'unauthorized' });
    const fresh = new BlinkpostClient({ baseUrl, apiKey: refreshed.key, maxRetries: 0 });
    const inUse = await fresh.keys.delete(made.id).catch((e: unknown) => e);
    expect(inUse).toBeInstanceOf(ApiError);
    expect(inUse).toMatchObject({ status: 409, code: 'conflict' });

    expect(await client.keys.delete(made.id)).toMatchObject({ id: made.id });
  });

  it('verifies the key in use; the maintenance switch takes an admin key', async () => {
    const { client, baseUrl } = api();
    expect(await client.account.verify()).toMatchObject({ valid: true, role: 'admin', workspace_name: 'Acme' });
    expect(await client.maintenance.get()).toMatchObject({ enabled: false });
    const member = await client.keys.create({ name: 'member', role: 'member' });
    const theirs = new BlinkpostClient({ baseUrl, apiKey: member.key, maxRetries: 0 });
    expect(await theirs.account.verify()).toMatchObject({ role: 'member', key_id: member.id });
    await expect(theirs.maintenance.set({ enabled: true })).rejects.toMatchObject({ status: 403, code: 'forbidden' });
  });

  it('invites and updates users', async () => {
    const { client } = api();
    const user = await client.users.create({ email: 'sdk-user@example.com', role: 'client' });
    expect(user).toMatchObject({ role: 'client', status: 'invited' });
    expect(await client.users.update(user.id, { role: 'admin', name: 'Sam' })).toMatchObject({
      role: 'admin',
      name: 'Sam',
    });
    expect((await client.users.list({ search: 'sdk-user' })).map((u) => u.id)).toEqual([user.id]);
  });

  it('lists, creates and renames workspaces; the new workspace’s key works there', async () => {
    const { client, baseUrl } = api();
    const [own] = await client.workspaces.list();
    expect(own?.name).toBe('Acme');
    const created = await client.workspaces.create('SDK workspace');
    const theirs = new BlinkpostClient({ baseUrl, apiKey: created.api_key.key, maxRetries: 0 });
    expect((await theirs.workspaces.list()).map((w) => w.id)).toEqual([created.id]);
    expect(await theirs.workspaces.rename(created.id, 'SDK workspace 2')).toMatchObject({ name: 'SDK workspace 2' });
    await expect(client.workspaces.rename(created.id, 'Taken over')).rejects.toMatchObject({ status: 404 });
  });

  it('creates and lists folders by type', async () => {
    const { client } = api();
    const general = await client.folders.create({ name: 'SDK general' });
    const senders = await client.folders.create({ name: 'SDK senders', type: 'email-sender' });
    expect(general.type).toBe('general');
    expect((await client.folders.list({ type: 'email-sender' })).map((f) => f.id)).toEqual([senders.id]);
    expect((await client.folders.list()).map((f) => f.id)).toEqual([senders.id, general.id]);
  });
});
