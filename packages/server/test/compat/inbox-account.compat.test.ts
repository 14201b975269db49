import { expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { LEADS, useCompatSeed } from './compat-fixture.js';
import { expectAnswer } from './salesblink-client.js';
import {
  apiKey,
  envelope,
  errorBody,
  folder,
  inboxRow,
  okMessage,
  someData,
  user,
  workspace,
} from './salesblink-shapes.js';
import { anything, arrayOf, count, num, obj, str } from './shape.js';

// v1-reference §4.10 (unified inbox), §4.12 (folders), §4.13 (users, workspaces, keys, account) and
// the §4.11 / §4.14 routes of features Blinkpost does not have (501 naming the feature).

const ID = '3f2b8c1e-0000-4000-8000-000000000001';
const inboxPage = envelope(obj({ totalCount: num, result: arrayOf(inboxRow) }), { count, messageIDs: arrayOf(str) });

describeEachDialect('SalesBlink compatibility: inbox, folders and account (§4.10–§4.14)', (dialect) => {
  const seed = useCompatSeed(dialect);

  it('GET /inbox with the CLI’s parameters answers data.result, data.totalCount, count and messageIDs', async () => {
    const { call, sequenceId, senderId, replyMessageId } = seed();
    const date = `${Date.parse('2026-03-01')}-${Date.parse('2026-03-31')}`;
    const q = { limit: 10, skip: 0, sequence: sequenceId, search: 'tell me', date, sender: senderId, owned_by: 'x' };
    const body = expectAnswer<{ data: { result: { email: string }[] }; messageIDs: string[] }>(
      await call('GET', '/inbox', { query: { type: 'all', ...q } }),
      200,
      inboxPage,
    );
    expect(body.data.result.map((r) => r.email)).toEqual([LEADS[0]]);
    expect(body.messageIDs).toEqual([replyMessageId]);
    for (const type of ['draft', 'scheduled', 'sent'])
      expectAnswer(await call('GET', '/inbox', { query: { type } }), 200, inboxPage);
  });

  it('thread, PATCH, reply and forward take the URL-encoded Message-ID; the reply reaches the sink', async () => {
    const { call, sink, replyMessageId } = seed();
    const ref = encodeURIComponent(replyMessageId);
    const thread = expectAnswer<{ data: { messages: unknown[] } }>(
      await call('GET', `/inbox/${ref}/thread`),
      200,
      envelope(obj({ messages: arrayOf(anything) })),
    );
    expect(thread.data.messages.length).toBeGreaterThanOrEqual(2);
    const patched = await call('PATCH', `/inbox/${ref}`, { body: { unread: false, outcome: 'interested' } });
    expectAnswer(patched, 200, someData);
    const before = sink.messages.length;
    const reply = { content: '<p>Great, here is a link.</p>', cc: 'boss@sender.test', bcc: '', tzMode: 'sequence' };
    expectAnswer(await call('POST', `/inbox/${ref}/reply`, { body: reply }), 200, someData);
    const fwd = { email: 'colleague@sender.test', content: '<p>FYI</p>', messageID: replyMessageId, tzMode: 'custom' };
    const forwarded = await call('POST', `/inbox/${ref}/forward`, { body: { ...fwd, selectedTimezone: 'UTC' } });
    expectAnswer(forwarded, 200, someData);
    expect(sink.messages.slice(before).map((m) => m.to.sort())).toEqual([
      [LEADS[0], 'boss@sender.test'].sort(),
      ['colleague@sender.test'],
    ]);
    expect(sink.messages[before]?.raw).toMatch(new RegExp(`^In-Reply-To: ${replyMessageId}`, 'm'));
    const sent = await call('GET', '/inbox', { query: { type: 'sent' } });
    expect(expectAnswer<{ data: { totalCount: number } }>(sent, 200, inboxPage).data.totalCount).toBe(2);
  });

  it('folders: POST with and without a type answers success; GET with its parameters answers typed folders', async () => {
    const { call } = seed();
    expectAnswer(await call('POST', '/folders', { body: { name: 'Mailboxes', type: 'email-sender' } }), 200, okMessage);
    expectAnswer(await call('POST', '/folders', { body: { name: 'Lists 2026' } }), 200, okMessage);
    const q = { search: 'mailboxes', owned_by: 'Acme', limit: 10, skip: 0, type: 'email-sender' };
    const found = expectAnswer<{ data: { name: string }[] }>(
      await call('GET', '/folders', { query: q }),
      200,
      envelope(arrayOf(folder)),
    );
    expect(found.data.map((f) => f.name)).toEqual(['Mailboxes']);
    expectAnswer(await call('GET', '/folders', { query: { type: 'all' } }), 200, envelope(arrayOf(folder)));
  });

  it('users: GET, POST with email, role and url, PATCH name and role', async () => {
    const { call } = seed();
    const invited = await call('POST', '/users', {
      body: { email: 'Dana@acme.test', role: 'developer', url: 'https://app.acme.test/welcome' },
    });
    const id = expectAnswer<{ data: { id: string } }>(invited, 200, envelope(user)).data.id;
    const patched = await call('PATCH', `/users/${id}`, { body: { name: 'Dana', role: 'admin' } });
    expect(expectAnswer<{ data: { role: string } }>(patched, 200, envelope(user)).data.role).toBe('admin');
    const all = await call('GET', '/users', { query: { owned_by: 'Acme', limit: 5, skip: 0, search: '' } });
    const users = expectAnswer<{ data: { id: string }[] }>(all, 200, envelope(arrayOf(user))).data;
    expect(users.map((u) => u.id)).toContain(id);
  });

  it('workspaces: GET, POST answers 201 (name or workspaceName), PATCH renames', async () => {
    const { call, t } = seed();
    const listed = expectAnswer<{ data: { id: string }[] }>(
      await call('GET', '/workspaces', { query: { owned_by: 'Acme' } }),
      200,
      envelope(arrayOf(workspace)),
    );
    expect(listed.data.map((w) => w.id)).toEqual([t.admin.principal.workspaceId]);
    expectAnswer(await call('POST', '/workspaces', { body: { name: 'Initech' } }), 201, envelope(workspace));
    expectAnswer(await call('POST', '/workspaces', { body: { workspaceName: 'Umbrella' } }), 201, envelope(workspace));
    const renamed = await call('PATCH', `/workspaces/${listed.data[0]?.id}`, { body: { name: 'Acme Corp' } });
    expect(expectAnswer<{ data: { name: string } }>(renamed, 200, envelope(workspace)).data.name).toBe('Acme Corp');
    const verify = expectAnswer<{ data: { org: string } }>(
      await call('GET', '/account/verify'),
      200,
      envelope(obj({ email: str, name: str, org: str })),
    );
    expect(verify.data.org).toBe('Acme Corp');
  });

  it('keys: GET lists typed keys; POST and refresh answer a key once; DELETE answers the envelope', async () => {
    const { call } = seed();
    const before = expectAnswer<{ data: unknown[] }>(await call('GET', '/keys'), 200, envelope(arrayOf(apiKey)));
    // Not empty (the seed's own key at least), so each key's fields were checked, not an empty array.
    expect(before.data.length).toBeGreaterThan(0);
    const made = await call('POST', '/keys', { body: { name: 'zapier' } });
    const id = expectAnswer<{ data: { id: string } }>(made, 200, envelope(obj({ id: str, key: str }))).data.id;
    const listed = expectAnswer<{ data: { id: string }[] }>(await call('GET', '/keys'), 200, envelope(arrayOf(apiKey)));
    expect(listed.data.map((k) => k.id)).toContain(id);
    const fresh = await call('POST', `/keys/${id}/refresh`);
    expectAnswer(fresh, 200, envelope(obj({ id: str, key: str })));
    expectAnswer(await call('DELETE', `/keys/${id}`), 200, someData);
    const left = expectAnswer<{ data: { id: string }[] }>(await call('GET', '/keys'), 200, envelope(arrayOf(apiKey)));
    expect(left.data.map((k) => k.id)).not.toContain(id);
  });

  it.each([
    ['GET', '/inbox-placement?limit=10&skip=0&owned_by=x', 'inbox_placement'],
    ['POST', '/inbox-placement', 'inbox_placement'],
    ['PUT', `/inbox-placement/${ID}/pause`, 'inbox_placement'],
    ['DELETE', `/inbox-placement/${ID}`, 'inbox_placement'],
    ['GET', '/domains', 'domains'],
    ['GET', '/domains/search?keyword=acme', 'domains'],
    ['GET', '/signatures', 'signatures'],
    ['POST', '/login-link', 'login_links'],
    ['POST', '/billing/add-card', 'billing'],
    ['GET', '/dfy/orders', 'done_for_you'],
  ])('%s %s answers 501 naming the feature (%s)', async (method, path, feature) => {
    const body = method === 'POST' ? { name: 'Seed test', mode: 'one-time', source: 'from-outside' } : undefined;
    const res = await seed().call(method, path, body === undefined ? {} : { body });
    const answer = expectAnswer<{ error: { details: { feature: string } } }>(res, 501, errorBody);
    expect(answer.error.details.feature).toBe(feature);
  });

  it('POST /signup answers 501 without a key, as SalesBlink serves it', async () => {
    const res = await seed().t.call(undefined, 'POST', '/api/public/v1.0.0/signup', {
      email: 'new@acme.test',
      password: 'x',
      name: 'New',
    });
    expect(expectAnswer<{ error: { details: { feature: string } } }>(res, 501, errorBody).error.details.feature).toBe(
      'signup',
    );
  });
});
