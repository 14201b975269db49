import { expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { useCompatSeed, type Seed } from './compat-fixture.js';
import { expectAnswer, type QueryParams } from './salesblink-client.js';
import { errorBody } from './salesblink-shapes.js';
import { obj, oneOf } from './shape.js';

// What a client gets wrong (issue 5): an unknown enum value or a wrong type is a 400 whose message
// names the field; an id of another workspace is a 404 like an unknown one; a page larger than the
// documented maximum is clamped, and the answer says so.

type Case = [string, string, (s: Seed) => { query?: QueryParams; body?: unknown }, string];

const BAD_VALUES: Case[] = [
  // unknown enum values
  ['GET', '/sequences', () => ({ query: { status: 'active' } }), 'status'],
  ['POST', '/sequences/:seq/status', () => ({ body: { status: 'RUNNING' } }), 'status'],
  ['GET', '/lists', () => ({ query: { sortType: 'up' } }), 'sortType'],
  ['GET', '/lists/:list/leads', () => ({ query: { status: 'ghosted' } }), 'status'],
  ['GET', '/unsubscribe', () => ({ query: { type: 'ip' } }), 'type'],
  ['GET', '/inbox', () => ({ query: { type: 'spam' } }), 'type'],
  ['PATCH', '/inbox/:reply', () => ({ body: { outcome: 'maybe' } }), 'outcome'],
  ['POST', '/users', () => ({ body: { email: 'x@acme.test', role: 'owner' } }), 'role'],
  ['POST', '/folders', () => ({ body: { name: 'x', type: 'campaign' } }), 'type'],
  ['GET', '/senders', () => ({ query: { status: 'broken' } }), 'status'],
  [
    'PATCH',
    '/sequences/:seq',
    () => ({ body: { stopWhenReplyRecievedWhen: 'everyone' } }),
    'stopWhenReplyRecievedWhen',
  ],
  ['PATCH', '/sequences/:seq', () => ({ body: { launchTimingMode: 'later' } }), 'launchTimingMode'],
  // wrong types
  ['POST', '/lists', () => ({ body: { name: 5 } }), 'name'],
  ['POST', '/lists', () => ({ body: { name: 'x', starred: 'yes' } }), 'starred'],
  ['PATCH', '/lists/:list', () => ({ body: { verification: 'on' } }), 'verification'],
  ['PUT', '/lists/:list/archive', () => ({ body: { archived: 'maybe' } }), 'archived'],
  ['POST', '/contacts', (s) => ({ body: { list_id: s.listId, contacts: 'pat@lead.test' } }), 'contacts'],
  ['PATCH', '/leads/:lead', () => ({ body: { starred: 'x' } }), 'starred'],
  ['PATCH', '/sequences/:seq', () => ({ body: { lists: 'one' } }), 'lists'],
  ['PATCH', '/sequences/:seq', () => ({ body: { delayFrom: 'ten' } }), 'delayFrom'],
  ['POST', '/templates', () => ({ body: { name: 'x', subject_line: 3, content: 'y' } }), 'subject_line'],
  [
    'POST',
    '/senders',
    () => ({ body: { from_email: 'a@b.test', password: 'p', smtp_host: 'h', smtp_port: 'x' } }),
    'smtp_port',
  ],
  ['GET', '/sent', () => ({ query: { per_page: 'abc', page: 1 } }), 'per_page'],
  ['GET', '/reports', () => ({ query: { limit: -1 } }), 'limit'],
  ['GET', '/analytics/overall', () => ({ query: { from: 'yesterday' } }), 'from'],
];

// Each resource route, called with the other workspace's id (bodies name this workspace's own ids).
const FOREIGN: [string, (s: Seed) => { path: string; body?: unknown }][] = [
  ['GET', (s) => ({ path: `/lists/${s.foreign.listId}` })],
  ['PATCH', (s) => ({ path: `/lists/${s.foreign.listId}`, body: { name: 'Mine now' } })],
  ['PUT', (s) => ({ path: `/lists/${s.foreign.listId}/archive`, body: { archived: true } })],
  ['GET', (s) => ({ path: `/lists/${s.foreign.listId}/leads` })],
  ['PATCH', (s) => ({ path: `/leads/${s.foreign.leadId}`, body: { First_Name: 'X' } })],
  ['PUT', (s) => ({ path: `/leads/${s.foreign.leadId}/move`, body: { list_id: s.listId } })],
  ['PUT', (s) => ({ path: `/contacts/${s.foreign.leadId}/archive`, body: { archived: true } })],
  ['GET', (s) => ({ path: `/leads/${s.foreign.leadId}/activity` })],
  ['POST', (s) => ({ path: `/leads/${s.foreign.leadId}/unsubscribe` })],
  ['GET', (s) => ({ path: `/sequences/${s.foreign.sequenceId}` })],
  ['PATCH', (s) => ({ path: `/sequences/${s.foreign.sequenceId}`, body: { name: 'Mine now' } })],
  ['PUT', (s) => ({ path: `/sequences/${s.foreign.sequenceId}/archive`, body: { archived: true } })],
  ['POST', (s) => ({ path: `/sequences/${s.foreign.sequenceId}/clone` })],
  ['POST', (s) => ({ path: `/sequences/${s.foreign.sequenceId}/status`, body: { status: 'ACTIVE' } })],
  ['GET', (s) => ({ path: `/sequences/${s.foreign.sequenceId}/stats` })],
  ['GET', (s) => ({ path: `/sequences/${s.foreign.sequenceId}/export` })],
  ['GET', (s) => ({ path: `/sequences/${s.foreign.sequenceId}/leads` })],
  ['GET', (s) => ({ path: `/sequences/${s.foreign.sequenceId}/leads/${s.foreign.leadId}/messages` })],
  ['POST', (s) => ({ path: `/sequences/${s.foreign.sequenceId}/leads/${s.foreign.leadId}/unsubscribe` })],
  ['GET', (s) => ({ path: `/templates/${s.foreign.templateId}` })],
  ['PATCH', (s) => ({ path: `/templates/${s.foreign.templateId}`, body: { name: 'Mine now' } })],
  ['PUT', (s) => ({ path: `/templates/${s.foreign.templateId}/archive`, body: { archived: true } })],
  ['GET', (s) => ({ path: `/senders/${s.foreign.senderId}` })],
  ['PATCH', (s) => ({ path: `/senders/${s.foreign.senderId}`, body: { from_name: 'Mine now' } })],
  [
    'POST',
    (s) => ({
      path: '/contacts',
      body: { list_id: s.foreign.listId, contacts: [{ Email: 'x@lead.test' }], email: 'x@lead.test' },
    }),
  ],
  [
    'POST',
    (s) => ({
      path: '/contacts/remove',
      body: { list_id: s.foreign.listId, contacts: [{ Email: 'x@lead.test' }], email: 'x@lead.test' },
    }),
  ],
];

// [path, query, the documented maximum, the key that answers the page size]
const CLAMPS: [string, QueryParams, number, string][] = [
  ['/lists', { limit: 1000, skip: 0 }, 100, 'limit'],
  ['/templates', { limit: 1000 }, 100, 'limit'],
  ['/senders', { limit: 1000 }, 100, 'limit'],
  ['/sequences', { limit: 1000 }, 100, 'limit'],
  ['/lists/:list/leads', { limit: 10_000 }, 500, 'limit'],
  ['/sequences/:seq/leads', { limit: 10_000 }, 500, 'limit'],
  ['/sequences/:seq/leads/:lead/messages', { limit: 10_000 }, 500, 'limit'],
  ['/leads/:lead/activity', { limit: 10_000 }, 500, 'limit'],
  ['/sent', { per_page: 5000, page: 1 }, 1000, 'per_page'],
  ['/reports', { limit: 1000, skip: 0 }, 100, 'limit'],
  ['/inbox', { limit: 1000 }, 100, 'limit'],
  ['/analytics/lead-stats', { limit: 1000 }, 100, 'limit'],
  ['/unsubscribe', { limit: 5000 }, 1000, 'limit'],
];

/** Puts the seed's ids into `:list`, `:lead`, `:seq` and `:reply`. */
const pathOf = (s: Seed, path: string): string =>
  path
    .replace(':list', s.listId)
    .replace(':lead', Object.values(s.leadIds)[0] ?? '')
    .replace(':seq', s.sequenceId)
    .replace(':reply', encodeURIComponent(s.replyMessageId));

describeEachDialect('SalesBlink compatibility: bad input, other tenants and oversize pages', (dialect) => {
  const seed = useCompatSeed(dialect);

  it.each(BAD_VALUES)('%s %s with %#: 400 naming %s', async (method, path, input, field) => {
    const s = seed();
    const res = await s.call(method, pathOf(s, path), input(s));
    const body = expectAnswer<{ message: string }>(res, 400, errorBody);
    expect(body.message).toContain(field);
  });

  it.each(FOREIGN)('%s %#: another workspace’s id is a 404', async (method, request) => {
    const s = seed();
    const { path, body } = request(s);
    expectAnswer(await s.call(method, path, body === undefined ? {} : { body }), 404, errorBody);
  });

  it('ids of another workspace inside bodies are 404 too: move, sequence lists, senders and templates', async () => {
    const s = seed();
    const lead = Object.values(s.leadIds)[0];
    expectAnswer(await s.call('PUT', `/leads/${lead}/move`, { body: { list_id: s.foreign.listId } }), 404, errorBody);
    const base = {
      name: 'Stolen',
      senders: s.senderId,
      lists: [s.listId],
      steps: [{ type: 'email', template_id: s.templateId }],
    };
    for (const body of [
      { ...base, lists: [s.foreign.listId] },
      { ...base, senders: s.foreign.senderId },
      { ...base, steps: [{ type: 'email', template_id: s.foreign.templateId }] },
    ]) {
      expectAnswer(await s.call('POST', '/sequences', { body }), 404, errorBody);
    }
    const thread = await s.other('GET', `/inbox/${encodeURIComponent(s.replyMessageId)}/thread`);
    expectAnswer(thread, 404, errorBody);
  });

  it.each(CLAMPS)('GET %s %j is clamped to %i and says so', async (path, query, max, key) => {
    const s = seed();
    const body = expectAnswer<Record<string, unknown>>(
      await s.call('GET', pathOf(s, path), { query }),
      200,
      obj({ success: oneOf(true), message: oneOf(`${key} was clamped to ${max}`) }),
    );
    expect(body[key]).toBe(max);
  });

  it('GET /sequences/:id/export beyond 50,000 rows is clamped and says so in X-Export-Clamped', async () => {
    const s = seed();
    const res = await s.call('GET', `/sequences/${s.sequenceId}/export`, { query: { limit: 60_000 } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-export-clamped']).toBe('true');
  });
});
