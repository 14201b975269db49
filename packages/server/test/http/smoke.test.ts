import { expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { useTestServer } from '../support/test-server.js';

describeEachDialect('a list created over HTTP takes contacts', (dialect) => {
  const t = useTestServer(dialect);

  it('creates a list, adds contacts, and lists it with its count', async () => {
    const { call, admin } = t();
    const created = await call(admin, 'POST', '/api/public/v1.0.0/lists', { name: 'Prospects' });
    expect(created.statusCode).toBe(200);
    const listId = created.json<{ data: { id: string } }>().data.id;
    const added = await call(admin, 'POST', '/api/public/contacts', {
      list_id: listId,
      contacts: [{ Email: 'ann@example.com' }, { Email: 'bob@example.com' }],
    });
    expect(added.json()).toMatchObject({ success: true, data: { added: 2 } });
    const lists = await call(admin, 'GET', '/api/public/lists');
    expect(lists.json()).toMatchObject({ data: [{ id: listId, contacts_count: 2 }] });
  });
});
