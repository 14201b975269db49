import { afterEach, expect, it } from 'vitest';
import { parsed, setUpOutreach, startSequence, type Outreach } from '../engine/engine-fixture.js';
import { describeEachDialect } from '../support/dialects.js';
import { useTestServer } from '../support/test-server.js';

const V1 = '/api/public/v1.0.0';

interface Entry {
  id: string;
  email: string;
  type: string;
  source: string;
}

describeEachDialect('the v1 blocklist (/unsubscribe)', (dialect) => {
  const t = useTestServer(dialect);
  let o: Outreach | undefined;
  afterEach(async () => {
    await o?.sink.close();
    o = undefined;
  });

  it('adds addresses and domains, reports a bad one and keeps the rest, lists, checks, removes', async () => {
    const ts = t();
    const add = await ts.call(ts.admin, 'POST', `${V1}/unsubscribe`, {
      emails: ['Ann@Example.com', '@spam.test', 'not an address', 'bob@example.com', 'ann@example.com'],
    });
    expect(add.statusCode, add.body).toBe(200);
    const added = add.json<{ data: { added: Entry[]; already_blocked: number; rejected: { index: number }[] } }>().data;
    expect(added.added.map((e) => [e.email, e.type, e.source])).toEqual([
      ['ann@example.com', 'email', 'api'],
      ['spam.test', 'domain', 'api'],
      ['bob@example.com', 'email', 'api'],
    ]);
    expect(added.already_blocked).toBe(1);
    expect(added.rejected).toEqual([expect.objectContaining({ index: 2, value: 'not an address' })]);

    // SalesBlink's CLI also sends a lone string under `email`.
    expect((await ts.call(ts.admin, 'POST', `${V1}/unsubscribe`, { email: 'cy@example.com' })).statusCode).toBe(200);

    const list = await ts.call(ts.admin, 'GET', `${V1}/unsubscribe?type=email&limit=2`);
    const body = list.json<{ data: Entry[]; total: number; count: number; limit: number }>();
    expect(body).toMatchObject({ total: 3, count: 2, limit: 2 });
    expect(body.data.map((e) => e.email)).toEqual(['cy@example.com', 'bob@example.com']);
    const search = await ts.call(ts.admin, 'GET', `${V1}/unsubscribe?search=SPAM`);
    expect(search.json<{ data: Entry[] }>().data.map((e) => e.email)).toEqual(['spam.test']);

    const check = async (email: string) =>
      (await ts.call(ts.admin, 'GET', `${V1}/unsubscribe/check?email=${encodeURIComponent(email)}`)).json<{
        data: { blocked: boolean; entries: Entry[] };
      }>().data;
    expect(await check('anyone@SPAM.test')).toMatchObject({ blocked: true, entries: [{ email: 'spam.test' }] });
    expect((await check('dee@example.com')).blocked).toBe(false);
    const bad = await ts.call(ts.admin, 'GET', `${V1}/unsubscribe/check?email=nope`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ message: string }>().message).toMatch(/^email/);

    const removed = await ts.call(ts.admin, 'POST', `${V1}/unsubscribe/remove`, {
      emails: ['spam.test', 'bob@example.com'],
    });
    expect(removed.json<{ data: { removed: number } }>().data.removed).toBe(2);
    expect((await check('x@spam.test')).blocked).toBe(false);

    const ann = (await check('ann@example.com')).entries[0]!;
    expect((await ts.call(ts.admin, 'DELETE', `${V1}/unsubscribe/${ann.id}`)).statusCode).toBe(200);
    expect((await ts.call(ts.admin, 'DELETE', `${V1}/unsubscribe/${ann.id}`)).statusCode).toBe(404);
    const wiped = await ts.call(ts.admin, 'DELETE', `${V1}/unsubscribe`);
    expect(wiped.json<{ data: { removed: number } }>().data.removed).toBe(1);
  });

  it('names the field of a bad body, and keeps workspaces apart', async () => {
    const ts = t();
    const none = await ts.call(ts.admin, 'POST', `${V1}/unsubscribe`, {});
    expect(none.statusCode).toBe(400);
    expect(none.json<{ message: string }>().message).toMatch(/^emails/);
    const allBad = await ts.call(ts.admin, 'POST', `${V1}/unsubscribe`, { emails: ['??'] });
    expect(allBad.statusCode).toBe(400);
    expect(allBad.json<{ message: string }>().message).toMatch(/^emails\[0\]/);
    const wrongType = await ts.call(ts.admin, 'GET', `${V1}/unsubscribe?type=phone`);
    expect(wrongType.statusCode).toBe(400);

    const other = await ts.key('Other Co');
    await ts.call(other, 'POST', `${V1}/unsubscribe`, { emails: ['zed@example.com'] });
    const theirs = (await ts.call(other, 'GET', `${V1}/unsubscribe`)).json<{ data: Entry[] }>().data[0]!;
    expect((await ts.call(ts.admin, 'DELETE', `${V1}/unsubscribe/${theirs.id}`)).statusCode).toBe(404);
    const mine = await ts.call(ts.admin, 'GET', `${V1}/unsubscribe/check?email=zed@example.com`);
    expect(mine.json<{ data: { blocked: boolean } }>().data.blocked).toBe(false);
  });

  it('a blocked domain is never emailed: the engine stops its leads in the reserving transaction', async () => {
    const ts = t();
    o = await setUpOutreach(
      ts,
      [
        { Email: 'a@blocked.test', First_Name: 'A', Company: 'Aco' },
        { Email: 'b@fine.test', First_Name: 'B', Company: 'Bco' },
        { Email: 'C@Fine.test', First_Name: 'C', Company: 'Cco' },
        { Email: 'd@sub.blocked.test', First_Name: 'D', Company: 'Dco' },
      ],
      {},
      { from_email: 'block@sender.test' },
    );
    // A domain blocks its addresses, not its subdomains'; an address blocks itself whatever its case.
    await ts.call(ts.admin, 'POST', `${V1}/unsubscribe`, { emails: ['blocked.test', 'c@fine.test'] });
    const seqId = await startSequence(ts, o);
    await ts.server.engine.tick();
    const sentTo = (await parsed(o.sink)).map((m) => (m.to as { text: string }).text).sort();
    expect(sentTo).toEqual(['b@fine.test', 'd@sub.blocked.test']);
    const leads = await ts.call(ts.admin, 'GET', `${V1}/sequences/${seqId}/leads`);
    const stopped = leads
      .json<{ data: { Email: string; status: string; reason: string }[] }>()
      .data.filter((l) => l.status === 'stopped');
    expect(stopped.map((l) => [l.Email, l.reason]).sort()).toEqual([
      ['C@Fine.test', 'address on the blocklist'],
      ['a@blocked.test', 'address on the blocklist'],
    ]);
  });
});
