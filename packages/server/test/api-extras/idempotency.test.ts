import { sql } from 'kysely';
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { requestFingerprint, IDEMPOTENCY_LEASE_MS, IDEMPOTENCY_TTL_MS } from '../../src/domain/idempotency.js';
import { describeEachDialect } from '../support/dialects.js';
import { useTestServer, type TestKey, type TestServer } from '../support/test-server.js';
import { createList, expectError, expectOk, listById, PREFIXES } from '../http/api-fixtures.js';

// public-api.md §3: `Idempotency-Key` on every POST. The same key and body within 24 h answers the
// first response again and does nothing twice; another body with the key is a 422; a request while
// the first still runs is a 409. Keys are scoped to the workspace, the method and the path.

const V1 = '/api/public/v1.0.0';
const withKey = (key: string) => ({ 'idempotency-key': key });
let n = 0;
const freshKey = () => `test-key-${Date.now()}-${(n += 1)}`;

async function listNames(t: TestServer, key: TestKey): Promise<string[]> {
  return expectOk<{ name: string }[]>(await t.call(key, 'GET', '/api/public/lists')).data.map((l) => l.name);
}

describeEachDialect('Idempotency-Key', (dialect) => {
  const t = useTestServer(dialect);

  describe('the same key and body', () => {
    it('answers the first response again (status, body, Content-Type) and creates the list once', async () => {
      const key = freshKey();
      const first = await t().call(t().admin, 'POST', `${V1}/lists`, { name: 'Once only' }, withKey(key));
      const again = await t().call(t().admin, 'POST', `${V1}/lists`, { name: 'Once only' }, withKey(key));
      expectOk(first);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      expect(again.statusCode).toBe(first.statusCode);
      expect(again.body).toBe(first.body);
      expect(again.headers['content-type']).toBe(first.headers['content-type']);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.headers['x-request-id']).not.toBe(first.headers['x-request-id']);
      expect((await listNames(t(), t().admin)).filter((name) => name === 'Once only')).toHaveLength(1);
    });

    it.each(PREFIXES)('adds contacts once under %s', async (prefix) => {
      const listId = await createList(t(), t().admin);
      const body = { list_id: listId, contacts: [{ Email: 'ann@example.com' }, { Email: 'bob@example.com' }] };
      const key = freshKey();
      const first = await t().call(t().admin, 'POST', `${prefix}/contacts`, body, withKey(key));
      const again = await t().call(t().admin, 'POST', `${prefix}/contacts`, body, withKey(key));
      expect(expectOk(first).data).toMatchObject({ added: 2 });
      expect(again.json()).toEqual(first.json());
      expect((await listById(t(), t().admin, listId))?.contacts_count).toBe(2);
    });

    it('counts a body with its keys in another order or other spacing as the same', async () => {
      const key = freshKey();
      const first = await t().call(t().admin, 'POST', `${V1}/lists`, '{"name":"Spacing","starred":true}', {
        ...withKey(key),
        'content-type': 'application/json',
      });
      const again = await t().call(t().admin, 'POST', `${V1}/lists`, '{ "starred": true,\n  "name": "Spacing" }', {
        ...withKey(key),
        'content-type': 'application/json',
      });
      expectOk(first);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toBe(first.body);
    });

    it('replays a 4xx the route answered (an unknown list), without running again', async () => {
      const key = freshKey();
      const body = { list_id: '00000000-0000-7000-8000-000000000000', contacts: [{ Email: 'a@example.com' }] };
      const first = await t().call(t().admin, 'POST', '/api/public/contacts', body, withKey(key));
      const again = await t().call(t().admin, 'POST', '/api/public/contacts', body, withKey(key));
      expectError(first, 404, 'not_found');
      expectError(again, 404, 'not_found');
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toBe(first.body);
    });

    it('keeps a request that failed validation out: the corrected request with the key runs', async () => {
      const key = freshKey();
      expectError(
        await t().call(t().admin, 'POST', `${V1}/lists`, { starred: true }, withKey(key)),
        400,
        'invalid_request',
      );
      const fixed = await t().call(t().admin, 'POST', `${V1}/lists`, { name: 'Fixed' }, withKey(key));
      expectOk(fixed);
      expect(fixed.headers['idempotent-replayed']).toBeUndefined();
    });

    it('answers fresh RateLimit headers on a replay (they describe the new request)', async () => {
      const key = freshKey();
      const first = await t().call(t().admin, 'POST', `${V1}/lists`, { name: 'Limits' }, withKey(key));
      const again = await t().call(t().admin, 'POST', `${V1}/lists`, { name: 'Limits' }, withKey(key));
      expect(Number(again.headers['ratelimit-remaining'])).toBe(Number(first.headers['ratelimit-remaining']) - 1);
    });
  });

  describe('the same key with another request', () => {
    it('answers 422 idempotency_key_reused naming the header, and does nothing', async () => {
      const key = freshKey();
      expectOk(await t().call(t().admin, 'POST', `${V1}/lists`, { name: 'First body' }, withKey(key)));
      const res = await t().call(t().admin, 'POST', `${V1}/lists`, { name: 'Second body' }, withKey(key));
      const body = expectError(res, 422, 'idempotency_key_reused');
      expect(body.message).toMatch(/Idempotency-Key/);
      expect(body.message).toContain(`POST ${V1}/lists`);
      expect(body.error.details).toEqual({ field: 'Idempotency-Key' });
      expect(await listNames(t(), t().admin)).not.toContain('Second body');
    });

    it('keeps keys apart per path: the same key on the other API generation runs there', async () => {
      const listId = await createList(t(), t().admin);
      const body = { list_id: listId, contacts: [{ Email: 'cat@example.com' }] };
      const key = freshKey();
      expectOk(await t().call(t().admin, 'POST', '/api/public/contacts', body, withKey(key)));
      const other = await t().call(t().admin, 'POST', `${V1}/contacts`, body, withKey(key));
      expectOk(other);
      expect(other.headers['idempotent-replayed']).toBeUndefined();
      expect((await listById(t(), t().admin, listId))?.contacts_count).toBe(2);
    });

    it('keeps keys apart per workspace: another tenant with the same key runs its own request', async () => {
      const other = await t().key(`Other ${freshKey()}`);
      const key = freshKey();
      expectOk(await t().call(t().admin, 'POST', `${V1}/lists`, { name: 'Tenant A' }, withKey(key)));
      const theirs = await t().call(other, 'POST', `${V1}/lists`, { name: 'Tenant B' }, withKey(key));
      expectOk(theirs);
      expect(theirs.headers['idempotent-replayed']).toBeUndefined();
      expect(await listNames(t(), other)).toEqual(['Tenant B']);
    });

    it('shares keys between the keys of one workspace', async () => {
      const member = await t().key('Acme', 'member');
      const key = freshKey();
      const first = await t().call(t().admin, 'POST', `${V1}/lists`, { name: 'Shared' }, withKey(key));
      const again = await t().call(member, 'POST', `${V1}/lists`, { name: 'Shared' }, withKey(key));
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toBe(first.body);
    });
  });

  describe('a request while the first one runs', () => {
    const claimFor = async (name: string, key: string) => {
      const p = t().admin.principal;
      const path = `${V1}/lists`;
      const start = await t().server.services.idempotency.begin(
        { workspaceId: p.workspaceId, method: 'POST', path, key },
        requestFingerprint({ name }, {}),
      );
      expect(start.kind).toBe('run');
    };

    it('answers 409 idempotency_key_in_use with Retry-After, and does nothing', async () => {
      const key = freshKey();
      await claimFor('In flight', key);
      const res = await t().call(t().admin, 'POST', `${V1}/lists`, { name: 'In flight' }, withKey(key));
      expect(expectError(res, 409, 'idempotency_key_in_use').message).toMatch(/still running/);
      expect(res.headers['retry-after']).toBe('1');
      expect(await listNames(t(), t().admin)).not.toContain('In flight');
    });

    it('runs the request once the first one’s claim has lapsed (its process died)', async () => {
      const key = freshKey();
      await claimFor('Lapsed', key);
      t().clock.advance(IDEMPOTENCY_LEASE_MS);
      const res = await t().call(t().admin, 'POST', `${V1}/lists`, { name: 'Lapsed' }, withKey(key));
      expectOk(res);
      expect(res.headers['idempotent-replayed']).toBeUndefined();
      const again = await t().call(t().admin, 'POST', `${V1}/lists`, { name: 'Lapsed' }, withKey(key));
      expect(again.body).toBe(res.body);
    });

    it('lets exactly one of many simultaneous requests with the key run', async () => {
      const key = freshKey();
      const answers = await Promise.all(
        Array.from({ length: 8 }, () => t().call(t().admin, 'POST', `${V1}/lists`, { name: 'Racing' }, withKey(key))),
      );
      const ran = answers.filter((a) => a.statusCode === 200 && a.headers['idempotent-replayed'] === undefined);
      expect(ran).toHaveLength(1);
      for (const a of answers) {
        if (a.statusCode === 200) expect(a.body).toBe(ran[0]?.body);
        else expectError(a, 409, 'idempotency_key_in_use');
      }
      expect((await listNames(t(), t().admin)).filter((name) => name === 'Racing')).toHaveLength(1);
    });
  });

  describe('24 hours', () => {
    it('replays until the 24 hours are up, then runs the request anew and forgets the old answer', async () => {
      const key = freshKey();
      const first = await t().call(t().admin, 'POST', `${V1}/lists`, { name: 'Daily' }, withKey(key));
      t().clock.advance(IDEMPOTENCY_TTL_MS - 1);
      expect((await t().call(t().admin, 'POST', `${V1}/lists`, { name: 'Daily' }, withKey(key))).body).toBe(first.body);
      t().clock.advance(1);
      const later = await t().call(t().admin, 'POST', `${V1}/lists`, { name: 'Daily' }, withKey(key));
      expectOk(later);
      expect(later.headers['idempotent-replayed']).toBeUndefined();
      expect(later.body).not.toBe(first.body);
      expect((await listNames(t(), t().admin)).filter((name) => name === 'Daily')).toHaveLength(2);
    });

    it('deletes expired records as requests come by', async () => {
      const db = t().server.store.db.kysely;
      const count = async () =>
        Number(
          (
            await db
              .selectFrom('idempotency_keys')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      expectOk(await t().call(t().admin, 'POST', `${V1}/lists`, { name: 'Soon gone' }, withKey(freshKey())));
      expect(await count()).toBeGreaterThan(0);
      t().clock.advance(IDEMPOTENCY_TTL_MS + 60_000);
      expectOk(await t().call(t().admin, 'POST', `${V1}/lists`, { name: 'Newest' }, withKey(freshKey())));
      expect(await count()).toBe(1);
    });
  });

  describe('the header itself', () => {
    it.each([
      ['longer than 255 characters', 'k'.repeat(256)],
      ['with a space', 'two words'],
    ])('answers 400 naming the header for a key %s, and does nothing', async (_name, value) => {
      const res = await t().call(t().admin, 'POST', `${V1}/lists`, { name: 'Bad key' }, withKey(value));
      const body = expectError(res, 400, 'invalid_request');
      expect(body.message).toMatch(/^The Idempotency-Key header /);
      expect(await listNames(t(), t().admin)).not.toContain('Bad key');
    });

    it('changes nothing without the header: two POSTs make two lists', async () => {
      expectOk(await t().call(t().admin, 'POST', `${V1}/lists`, { name: 'Twice' }));
      expectOk(await t().call(t().admin, 'POST', `${V1}/lists`, { name: 'Twice' }));
      expect((await listNames(t(), t().admin)).filter((name) => name === 'Twice')).toHaveLength(2);
    });

    it('is ignored on other methods', async () => {
      const key = freshKey();
      const put = () => t().call(t().admin, 'PUT', `${V1}/maintenance`, { enabled: false }, withKey(key));
      expectOk(await put());
      const again = await put();
      expectOk(again);
      expect(again.headers['idempotent-replayed']).toBeUndefined();
      const get = await t().call(t().admin, 'GET', `${V1}/lists`, undefined, withKey(key));
      expectOk(get);
      expect(get.headers['idempotent-replayed']).toBeUndefined();
    });
  });

  it('is documented on every POST of the OpenAPI document, with its 409 and 422', async () => {
    type Parameter = { name: string; in: string; required: boolean; schema: { maxLength?: number } };
    const doc = (await t().call(undefined, 'GET', '/api/public/openapi.json')).json<{
      paths: Record<string, Record<string, { parameters: Parameter[]; responses: Record<string, unknown> }>>;
    }>();
    const header = (op: { parameters: Parameter[] } | undefined) =>
      op?.parameters.find((p) => p.in === 'header' && p.name === 'Idempotency-Key');
    const posts = Object.entries(doc.paths).flatMap(([path, ops]) =>
      ops['post'] ? [[path, ops['post']] as const] : [],
    );
    expect(posts.map(([path]) => path)).toEqual(expect.arrayContaining(['/api/public/contacts', `${V1}/lists`]));
    for (const [path, op] of posts) {
      expect(header(op), path).toMatchObject({ required: false, schema: { maxLength: 255 } });
      expect(Object.keys(op.responses), path).toEqual(expect.arrayContaining(['409', '422']));
    }
    expect(header(doc.paths[`${V1}/lists`]?.['get'])).toBeUndefined();
  });
});

// A server error is not kept: the retry with the same key runs again. This file's own server, since
// it takes a table away.
describeEachDialect('Idempotency-Key after a server error', (dialect) => {
  const t = useTestServer(dialect);

  it('does not replay a 500: the retry with the same key runs and its answer is kept', async () => {
    const db = t().server.store.db.kysely;
    const key = freshKey();
    const send = (): Promise<LightMyRequestResponse> =>
      t().call(t().admin, 'POST', `${V1}/lists`, { name: 'After the outage' }, withKey(key));
    await sql`alter table lists rename to lists_away`.execute(db);
    expectError(await send(), 500, 'internal_error');
    await sql`alter table lists_away rename to lists`.execute(db);
    const retry = await send();
    expectOk(retry);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    const third = await send();
    expect(third.headers['idempotent-replayed']).toBe('true');
    expect(third.body).toBe(retry.body);
  });
});
