import type { ActivityRecord } from '@blinkpost/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { useTestServer, type TestKey } from '../support/test-server.js';
import {
  createList,
  createSequence,
  expectError,
  expectOk,
  feed,
  listById,
  PREFIXES,
  recordActivity,
} from './api-fixtures.js';

// public-api.md §1 "tenancy": a key sees only its own workspace, and another workspace's id
// answers 404 exactly like an id that does not exist. Acme (t().admin) probes Globex's rows.

const FEEDS = ['sent', 'opens', 'clicks', 'replies'] as const;
const KIND = { sent: 'sent', opens: 'open', clicks: 'click', replies: 'reply' } as const;

describeEachDialect('tenant isolation', (dialect) => {
  const t = useTestServer(dialect);
  let globex: TestKey;
  let globexList: string;
  let globexSequence: string;
  let acmeList: string;
  let acmeSequence: string;

  beforeAll(async () => {
    globex = await t().key('Globex');
    globexList = await createList(t(), globex, 'Globex leads');
    expectOk(
      await t().call(globex, 'POST', '/api/public/contacts', {
        list_id: globexList,
        contacts: [{ Email: 'shared@example.com' }, { Email: 'gina@globex.example' }],
      }),
    );
    globexSequence = await createSequence(t(), globex, 'Globex outreach');
    acmeList = await createList(t(), t().admin, 'Acme leads');
    acmeSequence = await createSequence(t(), t().admin, 'Acme outreach');
    const time = t().clock.now();
    for (const [key, sequence_id] of [
      [globex, globexSequence],
      [t().admin, acmeSequence],
    ] as const) {
      await recordActivity(
        t(),
        key,
        FEEDS.map((f, i) => ({ kind: KIND[f], time: time + i, sequence_id, recipient_email: 'shared@example.com' })),
      );
    }
  });

  describe.each(PREFIXES)('%s', (prefix) => {
    it('answers 404 for contacts added to another workspace’s list, and adds nothing', async () => {
      const res = await t().call(t().admin, 'POST', `${prefix}/contacts`, {
        list_id: globexList,
        contacts: [{ Email: 'intruder@acme.example' }],
      });
      expectError(res, 404, 'not_found');
      expect((await listById(t(), globex, globexList))?.contacts_count).toBe(2);
    });

    it('answers 404 for a removal from another workspace’s list, and removes nothing', async () => {
      const res = await t().call(t().admin, 'POST', `${prefix}/contacts/remove`, {
        list_id: globexList,
        email: 'shared@example.com',
      });
      expectError(res, 404, 'not_found');
      expect((await listById(t(), globex, globexList))?.contacts_count).toBe(2);
      const live = await t()
        .server.store.db.kysely.selectFrom('leads')
        .select('email')
        .where('list_id', '=', globexList)
        .where('removed_at', 'is', null)
        .execute();
      expect(live.map((l) => l.email).sort()).toEqual(['gina@globex.example', 'shared@example.com']);
    });

    it('lists only the workspace’s own lists and sequences', async () => {
      const lists = expectOk<{ id: string }[]>(await t().call(t().admin, 'GET', `${prefix}/lists`)).data;
      expect(lists.map((l) => l.id)).toContain(acmeList);
      expect(lists.map((l) => l.id)).not.toContain(globexList);
      const seqs = expectOk<{ id: string }[]>(await t().call(t().admin, 'GET', `${prefix}/sequences`)).data;
      expect(seqs.map((s) => s.id)).toEqual([acmeSequence]);
    });

    it.each(FEEDS)('shows only the workspace’s own /%s', async (name) => {
      const own = (records: ActivityRecord[]) => records.every((r) => r.sequence_id === acmeSequence);
      const all = await feed(t(), t().admin, `${prefix}/${name}`);
      expect(all.data).toHaveLength(1);
      expect(own(all.data)).toBe(true);
      const paged = await feed(t(), t().admin, `${prefix}/${name}?page=1&per_page=50`);
      expect(paged.data).toHaveLength(1);
      expect(own(paged.data)).toBe(true);
      const byRecipient = await feed(t(), t().admin, `${prefix}/${name}?recipient_email_address=shared@example.com`);
      expect(byRecipient.data.map((r) => r.sequence_id)).toEqual([acmeSequence]);
    });

    it.each(FEEDS)('returns nothing from /%s filtered by another workspace’s sequence_id', async (name) => {
      const all = await feed(t(), t().admin, `${prefix}/${name}?sequence_id=${globexSequence}`);
      expect(all).toMatchObject({ data: [], count: 0 });
      const paged = await feed(t(), t().admin, `${prefix}/${name}?sequence_id=${globexSequence}&page=1`);
      expect(paged).toMatchObject({ data: [], count: 0 });
      const theirs = await feed(t(), globex, `${prefix}/${name}?sequence_id=${globexSequence}`);
      expect(theirs.count).toBe(1);
    });
  });

  it('answers 404 for GET /v1.0.0/lists/:id of another workspace, and serves the owner', async () => {
    expectError(await t().call(t().admin, 'GET', `/api/public/v1.0.0/lists/${globexList}`), 404, 'not_found');
    const mine = expectOk<{ id: string; name: string }>(
      await t().call(globex, 'GET', `/api/public/v1.0.0/lists/${globexList}`),
    );
    expect(mine.data).toMatchObject({ id: globexList, name: 'Globex leads' });
    expectOk(await t().call(t().admin, 'GET', `/api/public/v1.0.0/lists/${acmeList}`));
  });

  it('shows only the workspace’s own API keys to its admin', async () => {
    const acme = expectOk<{ id: string }[]>(await t().call(t().admin, 'GET', '/api/public/v1.0.0/keys')).data;
    expect(acme.map((k) => k.id)).toContain(t().admin.principal.keyId);
    expect(acme.map((k) => k.id)).not.toContain(globex.principal.keyId);
  });

  it('keeps the sequence counters of each workspace apart', async () => {
    const seqs = expectOk<{ id: string; sent: number }[]>(await t().call(globex, 'GET', '/api/public/sequences')).data;
    expect(seqs).toEqual([expect.objectContaining({ id: globexSequence, sent: 1 })]);
  });
});
