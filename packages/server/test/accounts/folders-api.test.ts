import type { Folder } from '@blinkpost/contract';
import { beforeAll, expect, it } from 'vitest';
import { expectError, expectOk } from '../http/api-fixtures.js';
import { describeEachDialect } from '../support/dialects.js';
import { useTestServer, type TestKey } from '../support/test-server.js';

const V1 = '/api/public/v1.0.0';

describeEachDialect('v1 folders', (dialect) => {
  const t = useTestServer(dialect);
  let member: TestKey;
  const made: Record<string, Folder> = {};

  beforeAll(async () => {
    member = await t().key('Acme', 'member');
    const bodies: [string, object][] = [
      ['general', { name: 'Q1 outreach' }],
      ['sender', { name: 'EU mailboxes', type: 'email-sender' }],
      ['legacy', { name: 'Old lists', type: 'list' }],
    ];
    for (const [label, body] of bodies) {
      t().clock.advance(1000);
      const res = expectOk<Folder>(await t().call(member, 'POST', `${V1}/folders`, body));
      expect(res.message).toBe('Folder created');
      made[label] = res.data;
    }
  });

  it('creates folders: general without a type, email-sender, and the old types as general', () => {
    expect(made['general']).toMatchObject({ name: 'Q1 outreach', type: 'general', owned_by: '' });
    expect(made['sender']).toMatchObject({ name: 'EU mailboxes', type: 'email-sender' });
    expect(made['legacy']).toMatchObject({ name: 'Old lists', type: 'general' });
    for (const f of Object.values(made)) for (const v of Object.values(f)) expect(typeof v).toBe('string');
  });

  it('lists them latest first, by type, searched and paged', async () => {
    const all = expectOk<Folder[]>(await t().call(t().admin, 'GET', `${V1}/folders?owned_by=x`)).data;
    expect(all.map((f) => f.name)).toEqual(['Old lists', 'EU mailboxes', 'Q1 outreach']);
    const typeAll = expectOk<Folder[]>(await t().call(t().admin, 'GET', `${V1}/folders?type=all`)).data;
    expect(typeAll).toHaveLength(3);
    const senders = expectOk<Folder[]>(await t().call(t().admin, 'GET', `${V1}/folders?type=email-sender`)).data;
    expect(senders.map((f) => f.id)).toEqual([made['sender']?.id]);
    const general = expectOk<Folder[]>(await t().call(t().admin, 'GET', `${V1}/folders?type=general`)).data;
    expect(general.map((f) => f.name)).toEqual(['Old lists', 'Q1 outreach']);
    const found = expectOk<Folder[]>(await t().call(t().admin, 'GET', `${V1}/folders?search=q1`)).data;
    expect(found.map((f) => f.name)).toEqual(['Q1 outreach']);
    const page = expectOk<Folder[]>(await t().call(t().admin, 'GET', `${V1}/folders?limit=1&skip=1&type=all`));
    expect(page.data.map((f) => f.name)).toEqual(['EU mailboxes']);
    expect(page).toMatchObject({ count: 1, limit: 1, skip: 1 });
  });

  it('shows another workspace none of them', async () => {
    const globex = await t().key('Globex');
    expect(expectOk<Folder[]>(await t().call(globex, 'GET', `${V1}/folders`)).data).toEqual([]);
  });

  it.each([
    ['POST', {}, 'name'],
    ['POST', { name: '' }, 'name'],
    ['POST', { name: '   ' }, 'name'],
    ['POST', { name: 'x', type: 'campaign' }, 'type'],
    ['GET', undefined, 'type'],
  ])('%s %j is a 400 naming %s', async (method, body, field) => {
    const url = method === 'GET' ? `${V1}/folders?type=list` : `${V1}/folders`;
    const res = expectError(await t().call(t().admin, method, url, body), 400, 'invalid_request');
    expect(res.message).toContain(field);
  });
});
