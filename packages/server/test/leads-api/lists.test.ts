import { expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { useTestServer } from '../support/test-server.js';
import { createList, expectError, expectOk } from '../http/api-fixtures.js';
import { listWithLeads, sequenceOver, V1 } from './fixtures.js';

// v1-reference.md §4.1: GET /lists filters, PATCH /lists/:id, PUT /lists/:id/archive, GET /lists/:id/leads.

interface ListOut {
  id: string;
  name: string;
  folder: string;
  starred: boolean;
  archived: boolean;
  owned_by: string;
  duplicate_removal: boolean;
  verification: boolean;
}
interface LeadOut {
  id: string;
  Email: string;
  email: string;
  First_Name: string;
  first_name: string;
  Phone: string;
  status: string;
  archived: boolean;
  starred: boolean;
  list_id: string;
  owned_by: string;
  accuracy: string;
  custom_fields: Record<string, string>;
}
type LeadsPage = { data: LeadOut[]; count: number; total: number; skip: number; limit: number; message?: string };

describeEachDialect('v1 lists', (dialect) => {
  const t = useTestServer(dialect);
  const call = (method: string, path: string, body?: unknown) => t().call(t().admin, method, `${V1}${path}`, body);

  it('GET /lists filters by folder and owner, and sorts by name either way', async () => {
    const a = await createList(t(), t().admin, 'b-sorted');
    const b = await createList(t(), t().admin, 'A-sorted');
    const folder = expectOk<{ id: string }>(await call('POST', '/folders', { name: 'Lists folder' })).data.id;
    expect(expectOk<ListOut>(await call('PATCH', `/lists/${a}`, { folder })).data.folder).toBe(folder);
    const inFolder = expectOk<ListOut[]>(await call('GET', `/lists?folder=${folder}`)).data;
    expect(inFolder.map((l) => l.id)).toEqual([a]);
    expect(expectError(await call('PATCH', `/lists/${b}`, { folder: 'nope' }), 404, 'not_found').message).toContain(
      'folder',
    );
    const asc = expectOk<ListOut[]>(await call('GET', '/lists?search=-sorted&sortBy=name&sortType=asc')).data;
    expect(asc.map((l) => l.id)).toEqual([b, a]);
    const desc = expectOk<ListOut[]>(await call('GET', '/lists?search=-sorted&sortBy=name&sortType=desc')).data;
    expect(desc.map((l) => l.id)).toEqual([a, b]);
    const owner = t().admin.principal.workspaceName;
    expect(expectOk<ListOut[]>(await call('GET', `/lists?owned_by=${owner}&search=-sorted`)).data).toHaveLength(2);
    expect(expectOk<ListOut[]>(await call('GET', '/lists?owned_by=someone-else')).data).toEqual([]);
    expect(expectOk<ListOut[]>(await call('GET', '/lists?integration=hubspot')).data).toEqual([]);
    expectError(await call('GET', '/lists?sortBy=colour'), 400, 'invalid_request');
    expectError(await call('GET', '/lists?sortType=sideways'), 400, 'invalid_request');
  });

  it('PATCH /lists/:id changes name, star and settings, ignores archived, and keeps verification one-way', async () => {
    const id = await createList(t(), t().admin, 'Before');
    const body = expectOk<ListOut>(
      await call('PATCH', `/lists/${id}`, {
        name: 'After',
        starred: true,
        duplicate_removal: true,
        verification: true,
        archived: true,
      }),
    );
    expect(body.data).toMatchObject({ name: 'After', starred: true, duplicate_removal: true, verification: true });
    expect(body.data.archived).toBe(false);
    const turnOff = expectError(await call('PATCH', `/lists/${id}`, { verification: false }), 400, 'invalid_request');
    expect(turnOff.message).toContain('verification');
    expect(expectError(await call('PATCH', `/lists/${id}`, { name: '  ' }), 400, 'invalid_request').message).toContain(
      'name',
    );
    expect(
      expectError(await call('PATCH', `/lists/${id}`, { starred: 'yes' }), 400, 'invalid_request').message,
    ).toContain('starred');
  });

  it('a list set to remove duplicates skips them when POST /contacts does not say otherwise', async () => {
    const { listId } = await listWithLeads(t(), t().admin, [{ Email: 'dup@example.com' }]);
    expectOk(await call('PATCH', `/lists/${listId}`, { duplicate_removal: true }));
    const again = expectOk<{ added: number; duplicates: number }>(
      await call('POST', '/contacts', { list_id: listId, contacts: [{ email: 'DUP@example.com' }] }),
    );
    expect(again.data).toMatchObject({ added: 0, duplicates: 1 });
  });

  it('PUT /lists/:id/archive flags the list, and its new leads are not enrolled while archived', async () => {
    const { listId } = await listWithLeads(t(), t().admin, [{ Email: 'arch@example.com' }]);
    const res = expectOk(await call('PUT', `/lists/${listId}/archive`, { archived: true }));
    expect(res).toEqual({ success: true, message: 'List archived' });
    expect(expectOk<ListOut>(await call('GET', `/lists/${listId}`)).data.archived).toBe(true);
    const seq = await sequenceOver(t(), t().admin, [listId]);
    expect(await t().server.store.enrollments.countUnenrolled(seq)).toBe(0);
    expectOk(await call('PUT', `/lists/${listId}/archive`, { archived: false }));
    expect(await t().server.store.enrollments.countUnenrolled(seq)).toBe(1);
    expectError(await call('PUT', `/lists/${listId}/archive`, { archived: 'yes' }), 400, 'invalid_request');
    expectError(await call('PUT', `/lists/${listId}/archive`, {}), 400, 'invalid_request');
  });

  it('GET /lists/:id/leads answers leads in both casings, strings never null, total = this page', async () => {
    const { listId, leadIds } = await listWithLeads(t(), t().admin, [
      { Email: 'one@example.com', First_Name: 'One', lead_score: 7 },
      { email: 'two@example.com', phone: '555' },
      { Email: 'three@example.com' },
    ]);
    const page = expectOk<LeadOut[]>(await call('GET', `/lists/${listId}/leads?limit=2`)) as unknown as LeadsPage;
    expect(page.count).toBe(2);
    expect(page.total).toBe(2);
    expect(page).toMatchObject({ skip: 0, limit: 2 });
    expect(page.data.map((l) => l.id)).toEqual([leadIds[2], leadIds[1]]);
    const two = page.data[1]!;
    expect(two).toMatchObject({
      Email: 'two@example.com',
      email: 'two@example.com',
      Phone: '555',
      First_Name: '',
      first_name: '',
      status: 'not_contacted',
      archived: false,
      starred: false,
      list_id: listId,
      accuracy: '',
      owned_by: t().admin.principal.workspaceName,
    });
    for (const value of Object.values(two)) expect(value).not.toBeNull();
    const asc = expectOk<LeadOut[]>(await call('GET', `/lists/${listId}/leads?sort=asc`));
    expect(asc.data[0]).toMatchObject({ id: leadIds[0], First_Name: 'One', custom_fields: { lead_score: '7' } });
    const search = expectOk<LeadOut[]>(await call('GET', `/lists/${listId}/leads?search=ONE`));
    expect(search.data.map((l) => l.id)).toEqual([leadIds[0]]);
    const clamped = expectOk<LeadOut[]>(await call('GET', `/lists/${listId}/leads?limit=9999`)) as unknown as LeadsPage;
    expect(clamped.limit).toBe(500);
    expect(clamped.message).toContain('500');
  });

  it('GET /lists/:id/leads filters by status, archived, sequence and owner', async () => {
    const { listId, leadIds } = await listWithLeads(t(), t().admin, [
      { Email: 'a@example.com' },
      { Email: 'b@example.com' },
      { Email: 'c@example.com' },
    ]);
    await t().server.store.leads.setStatusByEmail(t().admin.principal.workspaceId, 'b@example.com', 'replied', 1);
    const replied = expectOk<LeadOut[]>(await call('GET', `/lists/${listId}/leads?status=replied`));
    expect(replied.data.map((l) => l.id)).toEqual([leadIds[1]]);
    expectError(await call('GET', `/lists/${listId}/leads?status=happy`), 400, 'invalid_request');
    expectOk(await call('PUT', `/contacts/${leadIds[2]}/archive`, { archived: true }));
    const live = expectOk<LeadOut[]>(await call('GET', `/lists/${listId}/leads`));
    expect(live.data.map((l) => l.id).sort()).toEqual([leadIds[0], leadIds[1]].sort());
    const archived = expectOk<LeadOut[]>(await call('GET', `/lists/${listId}/leads?archived=true`));
    expect(archived.data.map((l) => l.id)).toEqual([leadIds[2]]);
    const seq = await sequenceOver(t(), t().admin, [listId]);
    const inSeq = expectOk<LeadOut[]>(await call('GET', `/lists/${listId}/leads?sequence=${seq}`));
    expect(inSeq.data.map((l) => l.id).sort()).toEqual([leadIds[0], leadIds[1]].sort());
    expect(expectOk<LeadOut[]>(await call('GET', `/lists/${listId}/leads?owned_by=nobody`)).data).toEqual([]);
    expectError(await call('GET', `/lists/${listId}/leads?sequence=nope`), 404, 'not_found');
  });

  it('GET /lists/:id/leads searches the email and the names, whatever characters they hold', async () => {
    const { listId, leadIds } = await listWithLeads(t(), t().admin, [
      { Email: 'q@example.com', Last_Name: 'O"Brien' },
      { Email: 'b@example.com', Company_Name: 'Back\\slash & 50% Ltd' },
      { Email: 'p@example.com', Phone: 'findme', First_Name: 'Ann' },
    ]);
    const found = async (search: string) =>
      expectOk<LeadOut[]>(await call('GET', `/lists/${listId}/leads?search=${encodeURIComponent(search)}`)).data.map(
        (l) => l.id,
      );
    expect(await found('o"bri')).toEqual([leadIds[0]]);
    expect(await found('BRIEN')).toEqual([leadIds[0]]);
    expect(await found('k\\sl')).toEqual([leadIds[1]]);
    expect(await found('50% l')).toEqual([leadIds[1]]);
    expect(await found('5_%')).toEqual([]);
    expect(await found('ann')).toEqual([leadIds[2]]);
    // Other fields, and the names the fields are stored under, are not searched.
    expect(await found('findme')).toEqual([]);
    expect(await found('first_name')).toEqual([]);
  });

  it("another workspace's list is a 404 on every route", async () => {
    const other = await t().key('Other Co');
    const { listId } = await listWithLeads(t(), other, [{ Email: 'x@example.com' }]);
    expectError(await call('PATCH', `/lists/${listId}`, { name: 'Mine' }), 404, 'not_found');
    expectError(await call('PUT', `/lists/${listId}/archive`, { archived: true }), 404, 'not_found');
    expectError(await call('GET', `/lists/${listId}/leads`), 404, 'not_found');
    const theirFolder = expectOk<{ id: string }>(await t().call(other, 'POST', `${V1}/folders`, { name: 'Theirs' }))
      .data.id;
    const mine0 = await createList(t(), t().admin, 'Mine 0');
    expectError(await call('PATCH', `/lists/${mine0}`, { folder: theirFolder }), 404, 'not_found');
    const otherSeq = await sequenceOver(t(), other, [listId]);
    const mine = await createList(t(), t().admin);
    expectError(await call('GET', `/lists/${mine}/leads?sequence=${otherSeq}`), 404, 'not_found');
  });
});
