import { beforeAll, expect, it } from 'vitest';
import type { ApiKeySummary, CreatedWorkspace, Folder, IssuedApiKey, User, Workspace } from '@blinkpost/contract';
import { describeEachDialect } from '../../server/test/support/dialects.js';
import type { TestServer } from '../../server/test/support/test-server.js';
import { ensureBuilt, runCli } from './support/cli.js';
import { json, useRemoteCli } from './support/remote.js';

beforeAll(() => ensureBuilt());

describeEachDialect('blinkpost keys remote, users, workspaces and folders against a running server', (dialect) => {
  let t: TestServer;
  const remote = useRemoteCli(dialect);
  const cli = remote.cli;

  beforeAll(async () => {
    t = remote.server();
  });

  it(
    'keys remote: create, list, refresh and delete; the key in use is refused with exit 1, a member key with 2',
    { timeout: 60_000 },
    async () => {
      const made = json<IssuedApiKey>(await cli('keys', 'remote', 'create', '--name', 'cli', '--role', 'member'));
      expect(made).toMatchObject({ name: 'cli', role: 'member' });
      const [listed, table, refreshed] = await Promise.all([
        cli('keys', 'remote', 'list'),
        cli('keys', 'remote', 'list', '--format', 'table'),
        cli('keys', 'remote', 'refresh', made.id),
      ]);
      expect(json<ApiKeySummary[]>(listed).map((k) => k.id)).toContain(made.id);
      expect(table.stdout).toMatch(/^ID +NAME +ROLE +KEY +CREATED +LAST_USED\n/);
      expect(json<IssuedApiKey>(refreshed).key).not.toBe(made.key);
      const created = await cli('keys', 'remote', 'create', '--name', 'shown', '--format', 'table');
      expect(created.stdout).toContain('shown only once');

      expect(json<ApiKeySummary>(await cli('keys', 'remote', 'delete', made.id)).id).toBe(made.id);
      const inUse = await cli('keys', 'remote', 'delete', t.admin.principal.keyId);
      expect(inUse.code).toBe(1);
      expect(inUse.stderr).toContain('cannot be revoked');
      const reader = json<IssuedApiKey>(await cli('keys', 'remote', 'create', '--name', 'r', '--role', 'member'));
      const forbidden = await runCli(['keys', 'remote', 'list'], {
        env: { ...remote.env(), BLINKPOST_API_KEY: reader.key },
      });
      expect(forbidden.code).toBe(2);
      expect(forbidden.stderr).toContain('use a key with the admin role');
    },
  );

  it('users: invite, list, update; a bad role is refused before calling the server', { timeout: 60_000 }, async () => {
    const user = json<User>(await cli('users', 'invite', 'cli@example.com', '--role', 'developer', '--name', 'Cli'));
    expect(user).toMatchObject({ email: 'cli@example.com', role: 'developer', name: 'Cli', status: 'invited' });
    const [listed, updated, badRole, nothing] = await Promise.all([
      cli('users', 'list', '--search', 'cli@'),
      cli('users', 'update', user.id, '--role', 'admin'),
      cli('users', 'invite', 'x@example.com', '--role', 'owner'),
      cli('users', 'update', user.id),
    ]);
    expect(json<User[]>(listed).map((u) => u.id)).toEqual([user.id]);
    expect(json<User>(updated).role).toBe('admin');
    expect(badRole.code).toBe(1);
    expect(badRole.stderr).toContain('owner');
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toContain('pass --name or --role');
  });

  it('workspaces: list, create (with its key), rename; folders: create and list', { timeout: 60_000 }, async () => {
    const [own] = json<Workspace[]>(await cli('workspaces', 'list'));
    expect(own?.name).toBe('Acme');
    const created = json<CreatedWorkspace>(await cli('workspaces', 'create', 'CLI workspace'));
    expect(created.api_key.key).toMatch(/^bp_live_/);
    const theirs = { ...remote.env(), BLINKPOST_API_KEY: created.api_key.key };
    const renamed = await runCli(['workspaces', 'rename', created.id, 'CLI renamed'], { env: theirs });
    expect(json<Workspace>(renamed).name).toBe('CLI renamed');
    const notOurs = await cli('workspaces', 'rename', created.id, 'Mine now');
    expect(notOurs.code).toBe(3);

    const folder = json<Folder>(await cli('folders', 'create', 'Mailboxes', '--type', 'email-sender'));
    expect(folder.type).toBe('email-sender');
    const listed = json<Folder[]>(await cli('folders', 'list', '--type', 'email-sender'));
    expect(listed.map((f) => f.id)).toEqual([folder.id]);
  });
});
