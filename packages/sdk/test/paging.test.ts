import { simpleParser } from 'mailparser';
import { expect, it } from 'vitest';
import { BlinkpostClient } from '@blinkpost/sdk';
import { plainReply } from '../../server/test/inbox/inbox-fixture.js';
import { describeEachDialect } from '../../server/test/support/dialects.js';
import { sinkSender, startedSequence, useServedApi } from './support/served-api.js';

// The iterators of each paging style against a real server: offset (`limit`/`skip`), with and without
// a total; 1-based page numbers (the feeds); 0-based page numbers (`/reports`). Each test counts the
// requests the client sent, so laziness and the stop at the end are what is asserted.

/** A client of the served API that records every URL it requests. */
function countingClient(baseUrl: string, apiKey: string): { client: BlinkpostClient; urls: URL[] } {
  const urls: URL[] = [];
  const client = new BlinkpostClient({
    baseUrl,
    apiKey,
    fetch: (input, init) => {
      urls.push(input as URL);
      return fetch(input, init);
    },
  });
  return { client, urls };
}

async function collect<T>(rows: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const row of rows) all.push(row);
  return all;
}

/** The `name` query parameter of each request, as numbers. */
const paramOf = (urls: URL[], name: string) => urls.map((u) => Number(u.searchParams.get(name)));

describeEachDialect('SDK iterators against a real server', (dialect) => {
  const api = useServedApi(dialect);

  it('offset paging without a total: every page, filters passed, the end found at an exact multiple', async () => {
    const { baseUrl, t, client: setup } = api();
    const list = await setup.createList({ name: 'Paged' });
    await setup.addContacts({
      list_id: list.id,
      contacts: ['keep1', 'keep2', 'drop1', 'keep3', 'keep4', 'drop2'].map((n) => ({ Email: `${n}@paging.test` })),
    });
    const { client, urls } = countingClient(baseUrl, t.admin.key);

    const kept = await collect(client.lists.allLeads(list.id, { search: 'keep', sort: 'asc', limit: 2 }));
    expect(kept.map((l) => l.email)).toEqual(['keep1', 'keep2', 'keep3', 'keep4'].map((n) => `${n}@paging.test`));
    // Four rows in pages of two: the third request answers empty and ends the walk.
    expect(paramOf(urls, 'skip')).toEqual([0, 2, 4]);
    expect(urls.every((u) => u.searchParams.get('search') === 'keep' && u.searchParams.get('limit') === '2')).toBe(
      true,
    );

    urls.length = 0;
    expect(await collect(client.lists.allLeads(list.id, { limit: 4 }))).toHaveLength(6);
    expect(paramOf(urls, 'skip')).toEqual([0, 4]);
  });

  it('fetches lazily: breaking out after the first row sends no further request', async () => {
    const { baseUrl, t, client: setup } = api();
    const list = await setup.createList({ name: 'Lazy' });
    await setup.addContacts({
      list_id: list.id,
      contacts: Array.from({ length: 5 }, (_, i) => ({ Email: `l${i}@lazy.test` })),
    });
    const { client, urls } = countingClient(baseUrl, t.admin.key);
    const rows = client.lists.allLeads(list.id, { limit: 2 });
    expect(urls).toHaveLength(0);
    for await (const lead of rows) {
      expect(lead.email).toMatch(/@lazy\.test$/);
      break;
    }
    expect(urls).toHaveLength(1);
  });

  it('an empty listing is one request and no rows', async () => {
    const { baseUrl, t, client: setup } = api();
    const list = await setup.createList({ name: 'Empty' });
    const { client, urls } = countingClient(baseUrl, t.admin.key);
    expect(await collect(client.lists.allLeads(list.id))).toEqual([]);
    expect(await collect(client.webhooks.all())).toEqual([]);
    expect(urls).toHaveLength(2);
  });

  it('offset paging with a total stops when the total is reached, without an empty page', async () => {
    const { baseUrl, t, client: setup } = api();
    await setup.blocklist.add(['a@block.test', 'b@block.test', 'c@block.test', 'd@block.test', 'block-domain.test']);
    const { client, urls } = countingClient(baseUrl, t.admin.key);

    const emails = await collect(client.blocklist.all({ type: 'email', limit: 2 }));
    expect(emails.map((e) => e.email).sort()).toEqual(['a@block.test', 'b@block.test', 'c@block.test', 'd@block.test']);
    expect(paramOf(urls, 'skip')).toEqual([0, 2]);
    expect(urls.every((u) => u.searchParams.get('type') === 'email')).toBe(true);

    urls.length = 0;
    expect(await collect(client.blocklist.all({ limit: 2 }))).toHaveLength(5);
    expect(paramOf(urls, 'skip')).toEqual([0, 2, 4]);
  });

  it('a limit above the endpoint maximum is asked as the maximum, so a clamped page is not taken for the last', async () => {
    const { baseUrl, t } = api();
    const workspaceId = t.admin.principal.workspaceId;
    // /sequences clamps `limit` to 100 without echoing it: a page of 100 for 500 asked would look like the end.
    for (let i = 0; i < 101; i++) {
      await t.server.store.sequences.create({ workspaceId, name: `Many ${i}`, ownedBy: 'Acme' }, t.clock.now());
    }
    const { client, urls } = countingClient(baseUrl, t.admin.key);
    expect(await collect(client.sequences.all({ search: 'Many', limit: 500 }))).toHaveLength(101);
    expect(paramOf(urls, 'limit')).toEqual([100, 100]);
    expect(paramOf(urls, 'skip')).toEqual([0, 100]);
  });

  it('page-numbered paging from 1 (the feeds): every page, filters passed, lazy, and the end at an exact multiple', async () => {
    const { baseUrl, t } = api();
    const workspaceId = t.admin.principal.workspaceId;
    const seq = await t.server.store.sequences.create({ workspaceId, name: 'Feed', ownedBy: 'Acme' }, t.clock.now());
    await t.server.store.activity.insert(
      Array.from({ length: 24 }, (_, i) => ({
        workspace_id: workspaceId,
        kind: 'sent' as const,
        time: 5_000 + i,
        sequence_id: seq.id,
        // Every third record goes to one recipient, whom the filter picks out.
        recipient_email: i % 3 === 0 ? 'picked@feed.test' : `r${i}@feed.test`,
      })),
    );
    const { client, urls } = countingClient(baseUrl, t.admin.key);

    const all = await collect(client.feeds.all('sent', { sequence_id: seq.id, per_page: 10 }));
    expect(all.map((r) => r.time)).toEqual(Array.from({ length: 24 }, (_, i) => 5_023 - i));
    expect(paramOf(urls, 'page')).toEqual([1, 2, 3]);

    urls.length = 0;
    const picked = await collect(
      client.feeds.all('sent', { sequence_id: seq.id, recipient_email_address: 'PICKED@feed.test', per_page: 4 }),
    );
    expect(picked.map((r) => r.time)).toEqual([5_021, 5_018, 5_015, 5_012, 5_009, 5_006, 5_003, 5_000]);
    // Eight records in pages of four: the third page is empty and ends the walk.
    expect(paramOf(urls, 'page')).toEqual([1, 2, 3]);
    expect(urls.every((u) => u.searchParams.get('per_page') === '4')).toBe(true);

    urls.length = 0;
    for await (const rec of client.feeds.all('sent', { sequence_id: seq.id, per_page: 5 })) {
      expect(rec.time).toBe(5_023);
      break;
    }
    expect(urls).toHaveLength(1);

    urls.length = 0;
    expect(await collect(client.feeds.all('replies', { sequence_id: seq.id }))).toEqual([]);
    expect(urls).toHaveLength(1);
  });

  it('the same iterators page the legacy endpoints (/api/public)', async () => {
    const { baseUrl, t } = api();
    const workspaceId = t.admin.principal.workspaceId;
    const seq = await t.server.store.sequences.create({ workspaceId, name: 'Legacy', ownedBy: 'Acme' }, t.clock.now());
    await t.server.store.activity.insert(
      Array.from({ length: 3 }, (_, i) => ({
        workspace_id: workspaceId,
        kind: 'open' as const,
        time: 7_000 + i,
        sequence_id: seq.id,
        recipient_email: `r${i}@legacy.test`,
      })),
    );
    const { client, urls } = countingClient(baseUrl.replace(/\/v1\.0\.0$/, ''), t.admin.key);
    const opens = await collect(client.feeds.all('opens', { sequence_id: seq.id, per_page: 2 }));
    expect(opens.map((r) => r.time)).toEqual([7_002, 7_001, 7_000]);
    expect(urls.map((u) => `${u.pathname}?page=${u.searchParams.get('page')}`)).toEqual([
      '/api/public/opens?page=1',
      '/api/public/opens?page=2',
    ]);
    expect((await collect(client.sequences.all({ search: 'Legacy', limit: 1 }))).map((x) => x.id)).toEqual([seq.id]);
  });

  it('page-numbered paging from 0 (`/reports` skip): every page once, filters passed', async () => {
    const { baseUrl, t } = api();
    const workspaceId = t.admin.principal.workspaceId;
    const seq = await t.server.store.sequences.create({ workspaceId, name: 'Report', ownedBy: 'Acme' }, t.clock.now());
    await t.server.store.activity.insert(
      Array.from({ length: 5 }, (_, i) => ({
        workspace_id: workspaceId,
        kind: 'sent' as const,
        time: 9_000 + i,
        sequence_id: seq.id,
        recipient_email: `r${i}@report.test`,
      })),
    );
    const { client, urls } = countingClient(baseUrl, t.admin.key);

    const records = await collect(client.analytics.allReports({ sequence: seq.id, sortType: 'asc', limit: 2 }));
    expect(records.map((r) => r.time)).toEqual([9_000, 9_001, 9_002, 9_003, 9_004]);
    expect(paramOf(urls, 'skip')).toEqual([0, 1, 2]);
    expect(urls.every((u) => u.searchParams.get('sequence') === seq.id)).toBe(true);

    urls.length = 0;
    for await (const r of client.analytics.allReports({ sequence: seq.id, limit: 2 })) {
      expect(r.time).toBe(9_004);
      break;
    }
    expect(urls).toHaveLength(1);
  });

  it('every other iterator walks its endpoint to the end', async () => {
    const { client, sink } = api();
    for (let i = 0; i < 3; i++) {
      await client.templates.create({ name: `Walk ${i}`, subject_line: 'Hi', content: '<p>Hi</p>' });
    }
    expect((await collect(client.templates.all({ search: 'Walk', limit: 2 }))).map((x) => x.name).sort()).toEqual([
      'Walk 0',
      'Walk 1',
      'Walk 2',
    ]);
    const sender = await client.senders.create({
      from_email: 'walk@sender.test',
      password: 'x',
      smtp_host: '127.0.0.1',
      smtp_port: sink.port,
    });
    expect((await collect(client.senders.all({ limit: 1 }))).map((s) => s.id)).toContain(sender.id);
    const list = await client.createList({ name: 'Walk list' });
    expect((await collect(client.lists.all({ search: 'Walk list', limit: 1 }))).map((l) => l.id)).toEqual([list.id]);
    const added = await client.addContacts({
      list_id: list.id,
      contacts: [{ Email: 'w1@walk.test' }, { Email: 'w2@walk.test' }],
    });
    // Two users at least, so a page of one is more than one page (an empty listing would prove nothing).
    for (const email of ['walk1@users.test', 'walk2@users.test']) await client.users.create({ email });
    const users = await client.users.list();
    expect(users.length).toBeGreaterThanOrEqual(2);
    expect(await collect(client.users.all({ limit: 1 }))).toEqual(users);
    // Two sequences of its own, so the walk does not rest on what other tests left on the server.
    const steps = [{ type: 'email' as const, subject: 'Hi', content: '<p>Hi</p>' }];
    for (const name of ['Walk s1', 'Walk s2'])
      await client.sequences.create({ name, senders: sender.id, lists: [list.id], steps });
    const sequences = await client.sequences.list();
    expect(sequences.length).toBeGreaterThanOrEqual(2);
    expect(await collect(client.sequences.all({ limit: 1 }))).toEqual(sequences);
    expect(added.contacts).toHaveLength(2);
    expect(await collect(client.analytics.allMailboxStats({ limit: 1 }))).toHaveLength(
      (await client.senders.list()).length,
    );
  });

  it('inbound messages and a lead’s activity are walked page by page over real rows', async () => {
    const { baseUrl, t, client: setup, sink } = api();
    const sender = await setup.senders.create(sinkSender(sink));
    const list = await setup.createList({ name: 'Replies' });
    const emails = ['r1@lead.test', 'r2@lead.test', 'r3@lead.test'];
    const added = await setup.addContacts({ list_id: list.id, contacts: emails.map((Email) => ({ Email })) });
    await startedSequence(setup, 'Walked', sender.id, list.id);
    await t.server.engine.tick();
    expect(sink.messages).toHaveLength(3);
    for (const m of sink.messages) {
      const mail = await simpleParser(m.raw);
      const to = m.to[0]!;
      t.clock.advance(60_000);
      const raw = plainReply(to, mail.messageId!, 'Hello', 'Tell me more.', `<reply-${to}>`);
      await t.server.services.inbox.process(sender.id, Buffer.from(raw));
    }
    const { client, urls } = countingClient(baseUrl, t.admin.key);

    const inbound = await collect(client.inbox.allMessages({ limit: 1 }));
    expect(inbound.map((m) => m.lead_email).sort()).toEqual(emails);
    expect(paramOf(urls, 'skip')).toEqual([0, 1, 2, 3]);

    // One lead's record: its sent email, then its reply; a page of one walks both, latest first.
    urls.length = 0;
    const leadId = added.contacts.find((c) => c.Email === 'r2@lead.test')!.id;
    const activity = await collect(client.leads.allActivity(leadId, { limit: 1 }));
    expect(activity.map((a) => a.message)).toEqual(['Replied', 'Sent']);
    // The total is known from the first page, so the walk stops without asking for an empty one.
    expect(paramOf(urls, 'skip')).toEqual([0, 1]);
    expect(await collect(client.leads.allActivityByEmail('r2@lead.test', { limit: 1 }))).toEqual(activity);
  });
});
