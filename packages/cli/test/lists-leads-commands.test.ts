import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import type { Lead, List } from '@blinkpost/contract';
import type { LeadActivityPage, ListLeadsPage } from '@blinkpost/sdk';
import { describeEachDialect } from '../../server/test/support/dialects.js';
import type { TestServer } from '../../server/test/support/test-server.js';
import { ensureBuilt, useTempDirs } from './support/cli.js';
import { json, useRemoteCli } from './support/remote.js';

beforeAll(() => ensureBuilt());

describeEachDialect('blinkpost lists|leads against a running server', (dialect) => {
  const tempDir = useTempDirs();
  let t: TestServer;
  const remote = useRemoteCli(dialect);
  const cli = remote.cli;

  beforeAll(async () => {
    t = remote.server();
  });

  it(
    'creates, changes, archives a list and pages its leads; edits, moves and unsubscribes a lead',
    { timeout: 60_000 },
    async () => {
      const list = json<List>(await cli('lists', 'create', 'CLI list'));
      const other = json<List>(await cli('lists', 'create', 'Other list'));
      const added = await t.server.services.contacts.add(t.admin.principal, {
        list_id: list.id,
        contacts: [{ Email: 'ann@cli.test' }, { Email: 'bob@cli.test', First_Name: '=cmd' }],
      });
      const [ann, bob] = added.result.contacts.map((c) => c.id);
      const [updated, leads, listed] = await Promise.all([
        cli('lists', 'update', list.id, '--name', 'CLI list 2', '--star', '--duplicate-removal'),
        cli('lists', 'leads', list.id, '--limit', '1', '--sort', 'asc'),
        cli('lists', 'list', '--search', 'CLI list', '--sort-by', 'name'),
      ]);
      expect(json<List>(updated)).toMatchObject({ name: 'CLI list 2', starred: true, duplicate_removal: true });
      expect(json<ListLeadsPage>(leads)).toMatchObject({
        count: 1,
        total: 1,
        data: [{ id: ann, Email: 'ann@cli.test' }],
      });
      expect(json<List[]>(listed).map((l) => l.id)).toEqual([list.id]);

      const lead = json<Lead>(
        await cli('leads', 'update', ann!, '--set', 'first_name=Ann', '--set', 'Tier=gold', '--star'),
      );
      expect(lead).toMatchObject({ First_Name: 'Ann', starred: true, custom_fields: { Tier: 'gold' } });
      expect(json(await cli('leads', 'move', ann!, '--list', other.id))).toEqual({ id: ann, list_id: other.id });
      const activity = json<LeadActivityPage>(await cli('leads', 'activity', '--email', 'ann@cli.test'));
      expect(activity).toMatchObject({ lead: { id: ann, list_id: other.id }, data: [], total: 0 });
      expect(json(await cli('leads', 'archive', bob!))).toEqual({ id: bob, archived: true });
      expect(json(await cli('leads', 'unsubscribe', ann!))).toEqual({ email: 'ann@cli.test', lead_ids: [ann] });
      expect(json(await cli('lists', 'archive', list.id))).toEqual({ id: list.id, archived: true });

      const p = t.admin.principal;
      const seq = await t.server.store.sequences.create(
        { workspaceId: p.workspaceId, name: 'S', ownedBy: p.workspaceName, listIds: [other.id] },
        t.clock.now(),
      );
      await t.server.store.leads.setArchived(bob!, false, t.clock.now());
      await t.server.services.leads.move(p, bob!, other.id);
      await t.server.store.enrollments.enrollNew(
        { id: seq.id, workspaceId: p.workspaceId },
        0,
        t.clock.now(),
        t.clock.now(),
      );
      const csv = await cli('sequences', 'export', seq.id);
      expect(csv.code).toBe(0);
      expect(csv.stdout).toMatch(/^id,email,first_name,/);
      expect(csv.stdout).toContain(",bob@cli.test,'=cmd,");
      const file = join(tempDir(), 'out.csv');
      expect((await cli('sequences', 'export', seq.id, '--output', file)).code).toBe(0);
      expect(readFileSync(file, 'utf8')).toBe(csv.stdout);
      expect(json(await cli('leads', 'unsubscribe', bob!, '--sequence', seq.id))).toEqual({
        id: bob,
        sequence_id: seq.id,
      });
    },
  );

  it('exits 3 for an unknown list or lead and 1 for a bad flag', async () => {
    const [list, lead, nothing] = await Promise.all([
      cli('lists', 'get', 'nope'),
      cli('leads', 'move', 'nope', '--list', 'nope'),
      cli('leads', 'activity'),
    ]);
    expect(list.code).toBe(3);
    expect(lead.code).toBe(3);
    expect(lead.stderr).toContain('not found');
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toContain('--email');
  });
});
