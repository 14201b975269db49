import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { useTestServer } from '../support/test-server.js';
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

// POST /contacts/remove (legacy and v1), public-api.md §2 "remove a lead from a list".

describeEachDialect('POST /contacts/remove', (dialect) => {
  const t = useTestServer(dialect);

  for (const prefix of PREFIXES) {
    const call = (path: string, body: unknown) => t().call(t().admin, 'POST', `${prefix}${path}`, body);

    /** A list holding Ann twice (in two spellings) and Bob once. */
    const listWithAnnTwice = async () => {
      const listId = await createList(t(), t().admin);
      const contacts = [{ Email: 'ann@example.com' }, { Email: 'Ann@Example.com' }, { Email: 'bob@example.com' }];
      expectOk(await call('/contacts', { list_id: listId, contacts }));
      return listId;
    };

    it(`${prefix}: removes every lead with that email, case-insensitively, and updates the count`, async () => {
      const listId = await listWithAnnTwice();
      const body = expectOk<{ list_id: string; email: string; removed: number }>(
        await call('/contacts/remove', { list_id: listId, email: 'ANN@example.COM' }),
      );
      expect(body.data).toEqual({ list_id: listId, email: 'ANN@example.COM', removed: 2 });
      expect(body.message).toBe('2 removed');
      expect((await listById(t(), t().admin, listId))?.contacts_count).toBe(1);
      const live = await t()
        .server.store.db.kysely.selectFrom('leads')
        .select('email')
        .where('list_id', '=', listId)
        .where('removed_at', 'is', null)
        .execute();
      expect(live.map((l) => l.email)).toEqual(['bob@example.com']);
    });

    it(`${prefix}: answers removed: 0 for an email not (or no longer) in the list`, async () => {
      const listId = await listWithAnnTwice();
      expectOk(await call('/contacts/remove', { list_id: listId, email: 'ann@example.com' }));
      for (const email of ['ann@example.com', 'nobody@example.com']) {
        const again = expectOk<{ removed: number }>(await call('/contacts/remove', { list_id: listId, email }));
        expect(again.data).toEqual({ list_id: listId, email, removed: 0 });
        expect(again.message).toBe('No lead with that email in the list');
      }
      expect((await listById(t(), t().admin, listId))?.contacts_count).toBe(1);
    });

    it(`${prefix}: answers 404 for an unknown list and 400 for a missing field`, async () => {
      const res = await call('/contacts/remove', { list_id: randomUUID(), email: 'ann@example.com' });
      expectError(res, 404, 'not_found');
      const listId = await createList(t(), t().admin);
      expect(expectError(await call('/contacts/remove', { list_id: listId }), 400, 'invalid_request').message).toBe(
        'email is required',
      );
      const noList = await call('/contacts/remove', { email: 'ann@example.com' });
      expect(expectError(noList, 400, 'invalid_request').message).toBe('list_id is required');
    });

    it(`${prefix}: lets a removed email be added again even with remove_duplicates`, async () => {
      const listId = await listWithAnnTwice();
      expectOk(await call('/contacts/remove', { list_id: listId, email: 'ann@example.com' }));
      const res = await call('/contacts', {
        list_id: listId,
        remove_duplicates: true,
        contacts: [{ Email: 'ann@example.com' }, { Email: 'bob@example.com' }],
      });
      expect(expectOk(res).data).toMatchObject({ added: 1, duplicates: 1 });
      expect((await listById(t(), t().admin, listId))?.contacts_count).toBe(2);
    });

    it(`${prefix}: keeps the activity history of a removed lead`, async () => {
      const listId = await listWithAnnTwice();
      const sequence_id = await createSequence(t(), t().admin);
      const time = t().clock.now();
      await recordActivity(t(), t().admin, [{ kind: 'sent', time, sequence_id, recipient_email: 'ann@example.com' }]);
      expectOk(await call('/contacts/remove', { list_id: listId, email: 'ann@example.com' }));
      const sent = await feed(t(), t().admin, `${prefix}/sent?sequence_id=${sequence_id}`);
      expect(sent.data.map((r) => r.recipient_email_address)).toEqual(['ann@example.com']);
    });
  }
});
