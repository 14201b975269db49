import type { ActivityRecord } from '@blinkpost/contract';
import { beforeAll, expect, it } from 'vitest';
import { createSequence, expectError } from '../http/api-fixtures.js';
import { describeEachDialect } from '../support/dialects.js';
import { useTestServer } from '../support/test-server.js';
import { getOk, MIN, seedWorkspace, T0, V1, type Seeded } from './analytics-fixture.js';

// GET /reports (v1 §4.9): the log of every kind with SalesBlink's filters; `skip` is a 0-based page number.

interface Report {
  data: ActivityRecord[];
  count: number;
  total: number;
  skip: number;
  limit: number;
  message?: string;
}

describeEachDialect('reports', (dialect) => {
  const t = useTestServer(dialect);
  let seeded: Seeded;

  beforeAll(async () => {
    seeded = await seedWorkspace(t(), t().admin);
  });

  const report = async (query = '') =>
    (await getOk<ActivityRecord[]>(t(), t().admin, `/reports?${query}`)) as unknown as Report;
  const messages = (r: Report) => r.data.map((d) => `${d.message} ${d.email}`);

  it('lists every kind of record latest first, machines included and flagged, paged by page number', async () => {
    const all = await report();
    expect(all).toMatchObject({ count: 14, total: 14, skip: 0, limit: 100 });
    expect(all.data[0]).toMatchObject({ message: 'Bounced', email: 'w@lead.test', bounce: 'soft', type: 'outreach' });
    expect(all.data.filter((r) => r.machine === true)).toHaveLength(3);

    const page1 = await report('limit=4&skip=1');
    expect(page1).toMatchObject({ count: 4, total: 14, skip: 1, limit: 4 });
    expect(page1.data.map((r) => r.id)).toEqual(all.data.slice(4, 8).map((r) => r.id));

    const oldest = await report('sortBy=time&sortType=asc&limit=2');
    expect(messages(oldest)).toEqual(['Sent X@lead.test', 'Sent y@lead.test']);
    expect((await report('limit=500')).message).toBe('limit was clamped to 100');
  });

  it('filters by message, sequence, recipient, sender, step, template, owner, range and human', async () => {
    expect(messages(await report('message=Replied'))).toEqual(['Replied z@lead.test', 'Replied x@lead.test']);
    expect((await report(`sequence=${seeded.followUp}`)).total).toBe(3);
    expect((await report('email=X@LEAD.TEST')).total).toBe(5);
    expect((await report(`sender=${seeded.bob}`)).total).toBe(5);
    expect((await report('sender=Bob@Acme.Example&message=Sent')).total).toBe(2);
    expect((await report('node=1')).total).toBe(14);
    expect((await report('node=2')).total).toBe(0);
    expect((await report('owned_by=Acme&type=outreach')).total).toBe(14);
    expect((await report('owned_by=someone-else')).total).toBe(0);
    expect((await report(`from=${T0 + 10 * MIN}&to=${T0 + 21 * MIN}`)).total).toBe(5);
    expect((await report('human=true&message=Opened')).total).toBe(2);

    const template = await t().server.store.templates.create(
      {
        workspaceId: t().admin.principal.workspaceId,
        ownedBy: 'Acme',
        name: 'Intro',
        subjectLine: 'Hi',
        content: 'Hi',
        folder: '',
        starred: false,
      },
      T0,
    );
    expect((await report(`node=${template.id}&message=Clicked`)).total).toBe(2);
  });

  it('answers 404 for ids it does not know and 400 naming a bad parameter', async () => {
    const other = await t().key('Other');
    const theirs = await createSequence(t(), other, 'Theirs');
    for (const query of [`sequence=${theirs}`, 'sender=nobody@acme.example', 'node=no-such-template']) {
      expectError(await t().call(t().admin, 'GET', `${V1}/reports?${query}`), 404, 'not_found');
    }
    const cases: [string, string][] = [
      ['message=Delivered', 'message'],
      ['type=linkedin', 'type'],
      ['sortType=up', 'sortType'],
      ['from=never', 'from'],
      ['limit=0', 'limit'],
    ];
    for (const [query, field] of cases) {
      const body = expectError(await t().call(t().admin, 'GET', `${V1}/reports?${query}`), 400, 'invalid_request');
      expect(body.message, query).toContain(field);
    }
  });
});
