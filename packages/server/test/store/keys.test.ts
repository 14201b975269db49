import { expect, it } from 'vitest';
import { KeyService } from '../../src/app/keys.js';
import { AppError } from '../../src/domain/app-error.js';
import { hashApiKey } from '../../src/domain/api-key.js';
import { describeEachDialect } from '../support/dialects.js';
import { useStore } from './use-store.js';

/** A clock the test moves by hand. */
const clockAt = (ms: number) => ({
  ms,
  now() {
    return this.ms;
  },
});

describeEachDialect('KeyService', (dialect) => {
  const t = useStore(dialect);
  const keyRow = async (id: string) =>
    t().db.kysely.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('bootstraps a first admin key on an empty database only', async () => {
    const clock = clockAt(Date.parse('2026-03-02T10:00:00Z'));
    const keys = new KeyService(t().store, clock);
    const first = await keys.bootstrap();
    expect(first).toMatchObject({ role: 'admin', workspaceName: 'My workspace' });
    expect(await keys.authenticate(first!.key)).toMatchObject({ role: 'admin', workspaceId: first!.workspaceId });
    expect(await keys.bootstrap()).toBeUndefined();
    expect(await new KeyService(t().store, clock).bootstrap()).toBeUndefined();
    expect(await t().store.apiKeys.list()).toHaveLength(1);
  });

  it('creates the workspace when it is new and reuses it otherwise', async () => {
    const clock = clockAt(Date.parse('2026-03-02T10:00:00Z'));
    const keys = new KeyService(t().store, clock);
    const before = await t().store.workspaces.count();
    const a = await keys.create({ workspace: 'Initech', role: 'admin', name: 'ops' });
    // Ids order by their millisecond only: keys made in one millisecond list in no set order.
    clock.ms += 1;
    const b = await keys.create({ workspace: 'Initech', role: 'member', name: 'ci' });
    const c = await keys.create({ workspace: 'Hooli', role: 'member', name: 'ci' });
    expect(b.workspaceId).toBe(a.workspaceId);
    expect(c.workspaceId).not.toBe(a.workspaceId);
    expect(await t().store.workspaces.count()).toBe(before + 2);
    expect(await keys.authenticate(b.key)).toEqual({
      workspaceId: a.workspaceId,
      workspaceName: 'Initech',
      keyId: b.id,
      role: 'member',
    });
    expect((await keys.list(a.workspaceId)).map((k) => k.name)).toEqual(['ops', 'ci']);
  });

  it('stores only the SHA-256 of a key: the key appears nowhere in the table', async () => {
    const keys = new KeyService(t().store, clockAt(Date.parse('2026-03-02T10:00:00Z')));
    const created = await keys.create({ workspace: 'Secretive', role: 'admin', name: 'k' });
    expect(created.key).toMatch(/^bp_live_[A-Za-z0-9]{32,}$/);
    const row = await keyRow(created.id);
    expect(row.key_hash).toBe(hashApiKey(created.key));
    const everything = JSON.stringify(await t().db.kysely.selectFrom('api_keys').selectAll().execute());
    expect(everything).not.toContain(created.key);
    expect(everything).not.toContain(created.key.slice(12));
    const listed = JSON.stringify(await keys.list());
    expect(listed).not.toContain(created.key.slice(12));
    expect(listed).toContain(created.key.slice(0, 12));
  });

  it('does not authenticate an unknown key', async () => {
    const keys = new KeyService(t().store, clockAt(Date.parse('2026-03-02T10:00:00Z')));
    expect(await keys.authenticate('bp_live_doesnotexistdoesnotexistdoesnotexist')).toBeUndefined();
    expect(await keys.authenticate('')).toBeUndefined();
  });

  it('rejects a revoked key at once, even one it has just cached', async () => {
    const clock = clockAt(Date.parse('2026-03-02T10:00:00Z'));
    const keys = new KeyService(t().store, clock);
    const admin = await keys.create({ workspace: 'Revokers', role: 'admin', name: 'admin' });
    const victim = await keys.create({ workspace: 'Revokers', role: 'member', name: 'leaked' });
    expect(await keys.authenticate(victim.key)).toBeDefined();
    clock.ms += 1_000;
    await keys.revoke(victim.id, await keys.authenticate(admin.key));
    expect(await keys.authenticate(victim.key)).toBeUndefined();
    expect(await keys.authenticate(admin.key)).toBeDefined();
    expect((await keyRow(victim.id)).revoked_at).toBe(clock.ms);
    await expect(keys.revoke(victim.id)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('rejects a key revoked by another process once the 5 s cache has expired', async () => {
    const clock = clockAt(Date.parse('2026-03-02T10:00:00Z'));
    const api = new KeyService(t().store, clock);
    const cli = new KeyService(t().store, clock);
    const created = await cli.create({ workspace: 'Elsewhere', role: 'member', name: 'k' });
    expect(await api.authenticate(created.key)).toBeDefined();
    await cli.revoke(created.id);
    clock.ms += 5_001;
    expect(await api.authenticate(created.key)).toBeUndefined();
  });

  it('refuses to revoke the key in use, and a key of another workspace', async () => {
    const keys = new KeyService(t().store, clockAt(Date.parse('2026-03-02T10:00:00Z')));
    const mine = await keys.create({ workspace: 'Self', role: 'admin', name: 'me' });
    const theirs = await keys.create({ workspace: 'Them', role: 'admin', name: 'them' });
    const me = (await keys.authenticate(mine.key))!;
    const err = await keys.revoke(mine.id, me).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'conflict' });
    await expect(keys.revoke(theirs.id, me)).rejects.toMatchObject({ code: 'not_found' });
    expect(await keys.authenticate(theirs.key)).toBeDefined();
  });

  it('writes last_used_at on use, at most once a minute per key', async () => {
    const start = Date.parse('2026-03-02T10:00:00Z');
    const clock = clockAt(start);
    const keys = new KeyService(t().store, clock);
    const a = await keys.create({ workspace: 'Busy', role: 'member', name: 'a' });
    const b = await keys.create({ workspace: 'Busy', role: 'member', name: 'b' });
    expect((await keyRow(a.id)).last_used_at).toBeNull();

    clock.ms = start + 1_000;
    await keys.authenticate(a.key);
    expect(Number((await keyRow(a.id)).last_used_at)).toBe(start + 1_000);

    for (const offset of [2_000, 30_000, 60_999]) {
      clock.ms = start + offset;
      await keys.authenticate(a.key);
      await keys.authenticate(b.key);
    }
    expect(Number((await keyRow(a.id)).last_used_at)).toBe(start + 1_000);
    expect(Number((await keyRow(b.id)).last_used_at)).toBe(start + 2_000);

    clock.ms = start + 61_000;
    await keys.authenticate(a.key);
    expect(Number((await keyRow(a.id)).last_used_at)).toBe(start + 61_000);
    expect((await keys.list()).find((k) => k.id === a.id)?.last_used_at).toBe(new Date(start + 61_000).toISOString());
  });
});
