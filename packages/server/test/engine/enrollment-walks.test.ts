import { expect, it, vi } from 'vitest';
import { createStore } from '../../src/store/store.js';
import { setUpOutreach, startSequence } from './engine-fixture.js';
import { describeEachDialect } from '../support/dialects.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const enrolled = async (ts: TestServer): Promise<string[]> =>
  (await ts.server.store.db.kysely.selectFrom('enrollments').select('email_key').orderBy('email_key').execute()).map(
    (r) => r.email_key,
  );

const leadIdOf = async (ts: TestServer, emailKey: string): Promise<string> =>
  (
    await ts.server.store.db.kysely
      .selectFrom('leads')
      .select('id')
      .where('email_key', '=', emailKey)
      .executeTakeFirstOrThrow()
  ).id;

describeEachDialect("walking a sequence's lists for new leads", (dialect) => {
  it('idle passes do not walk; every change that can make a lead enrollable, from any connection, does', async () => {
    const ts = await startTestServer(dialect);
    const o = await setUpOutreach(ts, [{ Email: 'a@lead.test', First_Name: 'A' }]);
    const walks = vi.spyOn(ts.server.store.enrollments, 'enrollNew');
    const other = await ts.testDb.open();
    try {
      await startSequence(ts, o);
      await ts.server.engine.tick();
      expect(walks).toHaveBeenCalledTimes(1);
      expect(await enrolled(ts)).toEqual(['a@lead.test']);

      // Nothing changed: passes send and settle, but do not walk 100,000 leads to find none.
      await ts.server.engine.tick();
      await ts.server.engine.tick();
      expect(walks).toHaveBeenCalledTimes(1);

      // A lead added through the API.
      const added = await ts.call(ts.admin, 'POST', '/api/public/contacts', {
        list_id: o.listId,
        contacts: [{ Email: 'b@lead.test', First_Name: 'B' }],
      });
      expect(added.statusCode, added.body).toBe(200);
      await ts.server.engine.tick();
      expect(walks).toHaveBeenCalledTimes(2);
      expect(await enrolled(ts)).toEqual(['a@lead.test', 'b@lead.test']);

      // A lead added by another process (an API server beside this engine): seen through its list's version.
      const { workspace_id: workspaceId } = await other.kysely
        .selectFrom('lists')
        .select('workspace_id')
        .where('id', '=', o.listId)
        .executeTakeFirstOrThrow();
      const lead = (email: string) => ({ email, emailKey: email, standard: { first_name: 'C' }, custom: {} });
      await createStore(other).leads.addToList(o.listId, workspaceId, false, [], () => [lead('c@lead.test')], 1);
      await ts.server.engine.tick();
      expect(await enrolled(ts)).toEqual(['a@lead.test', 'b@lead.test', 'c@lead.test']);

      // A lead archived before any walk saw it is left out; brought back, it is enrolled on the next pass.
      await createStore(other).leads.addToList(o.listId, workspaceId, false, [], () => [lead('d@lead.test')], 1);
      await createStore(other).leads.setArchived(await leadIdOf(ts, 'd@lead.test'), true, 1);
      await ts.server.engine.tick();
      expect(await enrolled(ts)).not.toContain('d@lead.test');
      const walksBefore = walks.mock.calls.length;
      await ts.server.engine.tick();
      expect(walks).toHaveBeenCalledTimes(walksBefore);
      await createStore(other).leads.setArchived(await leadIdOf(ts, 'd@lead.test'), false, 1);
      await ts.server.engine.tick();
      expect(await enrolled(ts)).toContain('d@lead.test');

      // A lead added while its list is archived waits; the list brought back, the lead is enrolled.
      await createStore(other).lists.setArchived(workspaceId, o.listId, true, 1);
      await createStore(other).leads.addToList(o.listId, workspaceId, false, [], () => [lead('e@lead.test')], 1);
      await ts.server.engine.tick();
      expect(await enrolled(ts)).not.toContain('e@lead.test');
      await createStore(other).lists.setArchived(workspaceId, o.listId, false, 1);
      await ts.server.engine.tick();
      expect(await enrolled(ts)).toContain('e@lead.test');
    } finally {
      walks.mockRestore();
      await other.close();
      await ts.server.close();
      await o.sink.close();
      await ts.testDb.destroy();
    }
  });
});
