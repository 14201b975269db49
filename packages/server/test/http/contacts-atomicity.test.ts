import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { useTestServer } from '../support/test-server.js';
import { createList, expectError, expectOk, listById } from './api-fixtures.js';

// public-api.md §2: "The request is atomic: all accepted contacts are committed together or none."
// A trigger makes the database itself refuse one row deep in a large batch (after earlier insert
// statements of the same request succeeded); the server of this file is its own, as the trigger stays.

const POISON = 'poison@example.com';

describeEachDialect('adding contacts is atomic', (dialect) => {
  const t = useTestServer(dialect);

  beforeAll(async () => {
    const db = t().server.store.db.kysely;
    if (dialect === 'sqlite') {
      await sql`create trigger refuse_poison before insert on leads when new.email = ${sql.lit(POISON)}
        begin select raise(abort, 'refused by test trigger'); end`.execute(db);
    } else {
      await sql`create function refuse_poison() returns trigger language plpgsql as $$
        begin if new.email = ${sql.lit(POISON)} then raise exception 'refused by test trigger'; end if; return new; end $$`.execute(
        db,
      );
      await sql`create trigger refuse_poison before insert on leads for each row execute function refuse_poison()`.execute(
        db,
      );
    }
  });

  it('commits none of 2,500 contacts when the database refuses one in the last insert', async () => {
    const listId = await createList(t(), t().admin);
    const contacts = Array.from({ length: 2_500 }, (_, i) => ({ Email: `lead${i}@example.com` }));
    contacts[2_300] = { Email: POISON };
    const res = await t().call(t().admin, 'POST', '/api/public/contacts', { list_id: listId, contacts });
    expectError(res, 500, 'internal_error');
    const list = await listById(t(), t().admin, listId);
    expect(list).toMatchObject({ contacts_count: 0, fields: ['email'] });
    const stored = await t()
      .server.store.db.kysely.selectFrom('leads')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('list_id', '=', listId)
      .executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(0);
  });

  it('leaves the list usable: the next request commits all its contacts', async () => {
    const listId = await createList(t(), t().admin);
    const poisoned = [{ Email: 'a@example.com', City: 'Paris' }, { Email: POISON }];
    expectError(
      await t().call(t().admin, 'POST', '/api/public/contacts', { list_id: listId, contacts: poisoned }),
      500,
      'internal_error',
    );
    const res = await t().call(t().admin, 'POST', '/api/public/contacts', {
      list_id: listId,
      contacts: [{ Email: 'a@example.com' }, { Email: 'b@example.com' }],
    });
    expect(expectOk(res).data).toMatchObject({ added: 2 });
    expect(await listById(t(), t().admin, listId)).toMatchObject({ contacts_count: 2, fields: ['email'] });
  });
});
