import { expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { useTestServer } from '../support/test-server.js';
import { createList, expectError, expectOk, listById, recordActivity } from '../http/api-fixtures.js';
import { enrollmentOf, listWithLeads, sequenceOver, V1 } from './fixtures.js';

// v1-reference.md §4.2: PATCH /leads/:id, PUT /leads/:id/move, PUT /contacts/:id/archive,
// GET /leads/:id/activity, GET /leads/activity, POST /leads/:id/unsubscribe.

interface LeadOut {
  id: string;
  Email: string;
  email: string;
  First_Name: string;
  first_name: string;
  Company_Name: string;
  company_name: string;
  starred: boolean;
  list_id: string;
  status: string;
  custom_fields: Record<string, string>;
}
interface ActivityPage {
  success: true;
  data: { message: string; time: number; sequence_id: string }[];
  lead: LeadOut;
  count: number;
  total: number;
  skip: number;
  limit: number;
  message?: string;
}

describeEachDialect('v1 leads', (dialect) => {
  const t = useTestServer(dialect);
  const call = (method: string, path: string, body?: unknown) => t().call(t().admin, method, `${V1}${path}`, body);

  it('PATCH /leads/:id matches field names in any casing, keeps custom fields, lower-cases the email', async () => {
    const { listId, leadIds } = await listWithLeads(t(), t().admin, [{ Email: 'ann@example.com', Lead_Score: '1' }]);
    const id = leadIds[0]!;
    const res = expectOk<LeadOut>(
      await call('PATCH', `/leads/${id}`, {
        first_name: 'Ann',
        Company: 'Acme',
        lead_score: 9,
        Tier: 'gold',
        email: 'Ann.New@Example.COM',
        starred: true,
        list_id: 'ignored',
        status: 'replied',
      }),
    );
    expect(res.data).toMatchObject({
      id,
      Email: 'ann.new@example.com',
      email: 'ann.new@example.com',
      First_Name: 'Ann',
      first_name: 'Ann',
      Company_Name: 'Acme',
      company_name: 'Acme',
      starred: true,
      list_id: listId,
      status: 'not_contacted',
      custom_fields: { Lead_Score: '9', Tier: 'gold' },
    });
    const fields = (await listById(t(), t().admin, listId))?.fields ?? [];
    expect(fields).toEqual(expect.arrayContaining(['first_name', 'company_name', 'Tier']));
    const cleared = expectOk<LeadOut>(await call('PATCH', `/leads/${id}`, { First_Name: null }));
    expect(cleared.data.First_Name).toBe('');
  });

  it('PATCH /leads/:id: bad bodies are 400s naming the field', async () => {
    const { leadIds } = await listWithLeads(t(), t().admin, [{ Email: 'bad@example.com' }]);
    const id = leadIds[0]!;
    expect(
      expectError(await call('PATCH', `/leads/${id}`, { Email: 'not-an-email' }), 400, 'invalid_request').message,
    ).toContain('Email');
    expect(
      expectError(await call('PATCH', `/leads/${id}`, { starred: 'yes' }), 400, 'invalid_request').message,
    ).toContain('starred');
    expect(
      expectError(await call('PATCH', `/leads/${id}`, { City: { a: 1 } }), 400, 'invalid_request').message,
    ).toContain('City');
    expectError(await call('PATCH', `/leads/${id}`, {}), 400, 'invalid_request');
    expectError(
      await t().call(t().admin, 'PATCH', `${V1}/leads/${id}`, '[1]', { 'content-type': 'application/json' }),
      400,
      'invalid_request',
    );
  });

  it('PUT /leads/:id/move moves the lead and both lists count it right', async () => {
    const { listId, leadIds } = await listWithLeads(t(), t().admin, [{ Email: 'mover@example.com', Tier: 'x' }]);
    const dest = await createList(t(), t().admin, 'Destination');
    const res = expectOk(await call('PUT', `/leads/${leadIds[0]}/move`, { list_id: dest }));
    expect(res).toEqual({ success: true, message: 'Lead moved' });
    expect((await listById(t(), t().admin, listId))?.contacts_count).toBe(0);
    const moved = await listById(t(), t().admin, dest);
    expect(moved?.contacts_count).toBe(1);
    expect(moved?.fields).toContain('Tier');
    expectError(await call('PUT', `/leads/${leadIds[0]}/move`, {}), 400, 'invalid_request');
    expectError(await call('PUT', `/leads/${leadIds[0]}/move`, { list_id: 'nope' }), 404, 'not_found');
  });

  it("PUT /contacts/:id/archive stops the lead's pending steps in every sequence", async () => {
    const { listId, leadIds } = await listWithLeads(t(), t().admin, [{ Email: 'arch@example.com' }]);
    const s1 = await sequenceOver(t(), t().admin, [listId], 'One');
    const s2 = await sequenceOver(t(), t().admin, [listId], 'Two');
    const res = expectOk(await call('PUT', `/contacts/${leadIds[0]}/archive`, { archived: true }));
    expect(res).toEqual({ success: true, message: 'Lead archived' });
    expect(await enrollmentOf(t(), s1, leadIds[0]!)).toEqual({ status: 'stopped', reason: 'archived' });
    expect(await enrollmentOf(t(), s2, leadIds[0]!)).toEqual({ status: 'stopped', reason: 'archived' });
    expectError(await call('PUT', `/contacts/${leadIds[0]}/archive`, { archived: 1 }), 400, 'invalid_request');
  });

  it('GET /leads/:id/activity and /leads/activity?email= answer the address records with the lead', async () => {
    const { listId, leadIds } = await listWithLeads(t(), t().admin, [{ Email: 'Act@Example.com', First_Name: 'Act' }]);
    const seq = await sequenceOver(t(), t().admin, [listId]);
    const other = await sequenceOver(t(), t().admin, [], 'Other');
    const base = { sequence_id: seq, recipient_email: 'Act@Example.com', recipient_key: 'act@example.com' };
    await recordActivity(t(), t().admin, [
      { ...base, kind: 'sent', time: 1_000 },
      { ...base, kind: 'open', time: 2_000 },
      { ...base, kind: 'reply', time: 3_000 },
      { ...base, sequence_id: other, kind: 'sent', time: 4_000 },
      { ...base, recipient_email: 'x@example.com', recipient_key: 'x@example.com', kind: 'sent', time: 5_000 },
    ]);
    const all = (await call('GET', `/leads/${leadIds[0]}/activity`)).json<ActivityPage>();
    expect(all.data.map((r) => r.message)).toEqual(['Sent', 'Replied', 'Opened', 'Sent']);
    expect(all).toMatchObject({ success: true, count: 4, total: 4, skip: 0, limit: 100 });
    expect(all.lead).toMatchObject({ id: leadIds[0], Email: 'Act@Example.com', first_name: 'Act' });
    const page = (
      await call('GET', `/leads/${leadIds[0]}/activity?sequence_id=${seq}&from=1500&to=3000&limit=1&skip=1`)
    ).json<ActivityPage>();
    expect(page.data.map((r) => r.time)).toEqual([2_000]);
    expect(page).toMatchObject({ count: 1, total: 2, skip: 1, limit: 1 });
    const byEmail = expectOk(
      await call('GET', '/leads/activity?email=ACT@example.com&limit=600'),
    ) as unknown as ActivityPage;
    expect(byEmail).toMatchObject({ count: 4, limit: 500 });
    expect(byEmail.message).toContain('500');
    expect(byEmail.lead.id).toBe(leadIds[0]);
    expectError(await call('GET', '/leads/activity'), 400, 'invalid_request');
    expect(expectError(await call('GET', '/leads/activity?email=nope'), 400, 'invalid_request').message).toContain(
      'email',
    );
    expectError(await call('GET', '/leads/activity?email=nobody@example.com'), 404, 'not_found');
    expect(
      expectError(await call('GET', `/leads/${leadIds[0]}/activity?from=yesterday`), 400, 'invalid_request').message,
    ).toContain('from');
    expectError(await call('GET', `/leads/${leadIds[0]}/activity?limit=0`), 400, 'invalid_request');
  });

  it('POST /leads/:id/unsubscribe blocks the address and stops every pending step', async () => {
    const { listId, leadIds } = await listWithLeads(t(), t().admin, [{ Email: 'Unsub@example.com' }]);
    const seq = await sequenceOver(t(), t().admin, [listId]);
    const res = expectOk<{ email: string; lead_ids: string[] }>(await call('POST', `/leads/${leadIds[0]}/unsubscribe`));
    expect(res.data).toEqual({ email: 'unsub@example.com', lead_ids: [leadIds[0]] });
    expect(await enrollmentOf(t(), seq, leadIds[0]!)).toEqual({ status: 'stopped', reason: 'unsubscribed' });
    const check = expectOk<{ blocked: boolean }>(await call('GET', '/unsubscribe/check?email=unsub@example.com'));
    expect(check.data.blocked).toBe(true);
    const lead = expectOk<LeadOut[]>(await call('GET', `/lists/${listId}/leads?status=unsubscribed`));
    expect(lead.data.map((l) => l.id)).toEqual([leadIds[0]]);
  });

  it("another workspace's lead (or list) is a 404 on every route", async () => {
    const other = await t().key('Other Co');
    const { listId: theirList, leadIds } = await listWithLeads(t(), other, [{ Email: 'theirs@example.com' }]);
    const id = leadIds[0]!;
    const mine = await createList(t(), t().admin, 'Mine');
    const { leadIds: myLeads } = await listWithLeads(t(), t().admin, [{ Email: 'mine@example.com' }]);
    expectError(await call('PATCH', `/leads/${id}`, { First_Name: 'X' }), 404, 'not_found');
    expectError(await call('PUT', `/leads/${id}/move`, { list_id: mine }), 404, 'not_found');
    expectError(await call('PUT', `/leads/${myLeads[0]}/move`, { list_id: theirList }), 404, 'not_found');
    expectError(await call('PUT', `/contacts/${id}/archive`, { archived: true }), 404, 'not_found');
    expectError(await call('GET', `/leads/${id}/activity`), 404, 'not_found');
    expectError(await call('GET', '/leads/activity?email=theirs@example.com'), 404, 'not_found');
    expectError(await call('POST', `/leads/${id}/unsubscribe`), 404, 'not_found');
    const theirSeq = await sequenceOver(t(), other, [theirList]);
    expectError(await call('GET', `/leads/${myLeads[0]}/activity?sequence_id=${theirSeq}`), 404, 'not_found');
    const blocked = expectOk<{ blocked: boolean }>(
      await t().call(other, 'GET', `${V1}/unsubscribe/check?email=theirs@example.com`),
    );
    expect(blocked.data.blocked).toBe(false);
  });
});
