import { randomUUID } from 'node:crypto';
import { STATUS_OF } from '@blinkpost/contract';
import { describe, expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { useTestServer } from '../support/test-server.js';
import { createList, expectError, expectOk, listById, type Failure } from './api-fixtures.js';

// public-api.md §1, the status table: one block per status a client can provoke with a request.
// 413, 429, 500 and 503 need a server of their own and live in limits, server-error and maintenance.

describeEachDialect('status codes of public-api.md §1', (dialect) => {
  const t = useTestServer(dialect);

  describe('400: what the client sent cannot be read, and the message names the field', () => {
    it('answers malformed JSON with invalid_json', async () => {
      const res = await t().call(t().admin, 'POST', '/api/public/contacts', '{"list_id": "x", "contacts": [', {
        'content-type': 'application/json',
      });
      expect(expectError(res, 400, 'invalid_json').message).toMatch(/not valid JSON/);
    });

    it('answers an empty JSON body with invalid_json', async () => {
      const res = await t().call(t().admin, 'POST', '/api/public/contacts', '', { 'content-type': 'application/json' });
      expectError(res, 400, 'invalid_json');
    });

    it('names a field of the wrong type', async () => {
      const listId = await createList(t(), t().admin);
      const res = await t().call(t().admin, 'POST', '/api/public/contacts', {
        list_id: listId,
        contacts: [{ Email: 'ann@example.com' }],
        remove_duplicates: 'yes',
      });
      const body = expectError(res, 400, 'invalid_request');
      expect(body.message).toBe('remove_duplicates must be a boolean');
      expect(body.error.details).toMatchObject({ field: 'remove_duplicates' });
      expect((await listById(t(), t().admin, listId))?.contacts_count).toBe(0);
    });

    it('names a contacts array that is an object', async () => {
      const listId = await createList(t(), t().admin);
      const res = await t().call(t().admin, 'POST', '/api/public/contacts', {
        list_id: listId,
        contacts: { Email: 'ann@example.com' },
      });
      expect(expectError(res, 400, 'invalid_request').message).toBe('contacts must be an array');
    });

    it('names list_id when it is a number, not a string', async () => {
      const res = await t().call(t().admin, 'POST', '/api/public/contacts', {
        list_id: 42,
        contacts: [{ Email: 'ann@example.com' }],
      });
      expect(expectError(res, 400, 'invalid_request').message).toMatch(/^list_id /);
    });

    it('names a missing required field', async () => {
      const res = await t().call(t().admin, 'POST', '/api/public/contacts', { contacts: [{ Email: 'a@example.com' }] });
      const body = expectError(res, 400, 'invalid_request');
      expect(body.message).toBe('list_id is required');
      expect(body.error.details).toMatchObject({ field: 'list_id', in: 'body' });
    });

    it('names the contact and field of an object value: contacts[3].Email', async () => {
      const listId = await createList(t(), t().admin);
      const contacts = [
        { Email: 'a@example.com' },
        { Email: 'b@example.com' },
        { Email: 'c@example.com' },
        { Email: { address: 'd@example.com' } },
      ];
      const res = await t().call(t().admin, 'POST', '/api/public/contacts', { list_id: listId, contacts });
      expect(expectError(res, 400, 'invalid_request').message).toMatch(/^contacts\[3\]\.Email /);
    });

    it('names a query parameter of the wrong type or range', async () => {
      const ts = t();
      const { admin } = ts;
      expect(
        expectError(await ts.call(admin, 'GET', '/api/public/opens?human=maybe'), 400, 'invalid_request').message,
      ).toBe('human must be a boolean');
      expect(
        expectError(await ts.call(admin, 'GET', '/api/public/sent?page=0'), 400, 'invalid_request').message,
      ).toMatch(/^page /);
      expect(
        expectError(await ts.call(admin, 'GET', '/api/public/replies?since=yesterday'), 400, 'invalid_request').message,
      ).toMatch(/^since /);
    });

    it('names a maintenance switch that is not a boolean', async () => {
      const res = await t().call(t().admin, 'PUT', '/api/public/v1.0.0/maintenance', { enabled: 'maybe' });
      expect(expectError(res, 400, 'invalid_request').message).toBe('enabled must be a boolean');
    });
  });

  describe('401: no key, an unknown key and a revoked key look the same', () => {
    it('answers all three with one body apart from the request id', async () => {
      const ts = t();
      const { server } = ts;
      const revoked = await ts.key('Acme');
      await server.services.keys.revoke(revoked.principal.keyId);
      const answers = [
        await ts.call(undefined, 'GET', '/api/public/lists'),
        await ts.call(`bp_live_${'x'.repeat(40)}`, 'GET', '/api/public/lists'),
        await ts.call(revoked, 'GET', '/api/public/lists'),
      ];
      const bodies = answers.map((res) => {
        const body = expectError(res, 401, 'unauthorized');
        expect(body.error.request_id).toBe(res.headers['x-request-id']);
        const error = { ...body.error };
        delete error.request_id;
        return { ...body, error };
      });
      expect(bodies[1]).toEqual(bodies[0]);
      expect(bodies[2]).toEqual(bodies[0]);
    });

    it('accepts the key only in the Authorization header, raw or after Bearer', async () => {
      const ts = t();
      const { admin } = ts;
      expectOk(await ts.call(admin, 'GET', '/api/public/lists'));
      expectOk(await ts.call(`Bearer ${admin.key}`, 'GET', '/api/public/lists'));
      expectOk(await ts.call(`bearer ${admin.key}`, 'GET', '/api/public/v1.0.0/lists'));
      const inQuery = await ts.call(undefined, 'GET', `/api/public/lists?api_key=${admin.key}&key=${admin.key}`);
      expectError(inQuery, 401, 'unauthorized');
    });
  });

  describe('403: a member key on admin-only routes', () => {
    it('refuses the maintenance switch and the key list to a member, and serves them to an admin', async () => {
      const ts = t();
      const { admin } = ts;
      const member = await ts.key('Acme', 'member');
      expectError(await ts.call(member, 'GET', '/api/public/v1.0.0/maintenance'), 403, 'forbidden');
      expectError(await ts.call(member, 'PUT', '/api/public/v1.0.0/maintenance', { enabled: true }), 403, 'forbidden');
      expectError(await ts.call(member, 'GET', '/api/public/v1.0.0/keys'), 403, 'forbidden');
      expectOk(await ts.call(member, 'GET', '/api/public/lists'));
      expect(expectOk(await ts.call(admin, 'GET', '/api/public/v1.0.0/maintenance')).data).toMatchObject({
        enabled: false,
      });
      expectOk(await ts.call(admin, 'GET', '/api/public/v1.0.0/keys'));
    });
  });

  describe('404: an unknown path or an id that is not in this workspace', () => {
    it('answers an unknown path', async () => {
      const body = expectError(await t().call(t().admin, 'GET', '/api/public/no-such-thing'), 404, 'not_found');
      expect(body.message).toContain('/api/public/no-such-thing');
    });

    it('answers an unknown list id and another workspace’s list id alike', async () => {
      const ts = t();
      const { admin } = ts;
      const otherList = await createList(t(), await ts.key('Globex'));
      const unknown = randomUUID();
      const a = expectError(await ts.call(admin, 'GET', `/api/public/v1.0.0/lists/${unknown}`), 404, 'not_found');
      const b = expectError(await ts.call(admin, 'GET', `/api/public/v1.0.0/lists/${otherList}`), 404, 'not_found');
      expect(b.message.replace(otherList, 'ID')).toBe(a.message.replace(unknown, 'ID'));
    });
  });

  describe('405: a known path with a method it does not serve', () => {
    it.each([
      ['DELETE', '/api/public/lists', ['GET', 'HEAD']],
      ['PATCH', '/api/public/v1.0.0/lists', ['GET', 'HEAD', 'POST']],
      ['GET', '/api/public/contacts', ['POST']],
      ['DELETE', '/api/public/v1.0.0/maintenance', ['GET', 'HEAD', 'PUT']],
    ])('%s %s lists the methods it serves in Allow', async (method, url, allowed) => {
      const res = await t().call(t().admin, method, url);
      expectError(res, 405, 'method_not_allowed');
      expect(String(res.headers['allow']).split(/,\s*/).sort()).toEqual([...allowed].sort());
    });
  });

  describe('406: an Accept header that admits no JSON', () => {
    it('refuses text/html only and application/json;q=0', async () => {
      const ts = t();
      const { admin } = ts;
      expectError(
        await ts.call(admin, 'GET', '/api/public/lists', undefined, { accept: 'text/html' }),
        406,
        'not_acceptable',
      );
      const refused = await ts.call(admin, 'GET', '/api/public/lists', undefined, { accept: 'application/json;q=0' });
      expectError(refused, 406, 'not_acceptable');
    });

    it.each(['*/*', 'application/json', 'text/html, application/json;q=0.9', 'application/*'])(
      'serves Accept: %s',
      async (accept) => {
        expectOk(await t().call(t().admin, 'GET', '/api/public/lists', undefined, { accept }));
      },
    );

    it('serves a request with no Accept header', async () => {
      expectOk(await t().call(t().admin, 'GET', '/api/public/lists'));
    });
  });

  describe('409: a conflict the client can resolve', () => {
    // The rule lives in KeyService; DELETE /keys/:id answers it over HTTP (test/accounts/keys-api.test.ts).
    it('refuses to revoke the key in use, and the key keeps working', async () => {
      const ts = t();
      const { server } = ts;
      const admin = await ts.key('Acme');
      await expect(server.services.keys.revoke(admin.principal.keyId, admin.principal)).rejects.toMatchObject({
        code: 'conflict',
      });
      expect(STATUS_OF.conflict).toBe(409);
      expectOk(await ts.call(admin, 'GET', '/api/public/lists'));
    });
  });

  describe('415: a body that is not JSON', () => {
    it.each(['text/plain', 'application/x-www-form-urlencoded'])('refuses %s and adds nothing', async (type) => {
      const listId = await createList(t(), t().admin);
      const res = await t().call(t().admin, 'POST', '/api/public/contacts', `list_id=${listId}&email=a@example.com`, {
        'content-type': type,
      });
      expectError(res, 415, 'unsupported_media_type');
      expect((await listById(t(), t().admin, listId))?.contacts_count).toBe(0);
    });
  });

  it('answers every error with a request id that matches the x-request-id header', async () => {
    const res = await t().call(t().admin, 'GET', '/api/public/nowhere', undefined, { 'x-request-id': 'trace-123' });
    const body = res.json<Failure>();
    expect(res.headers['x-request-id']).toBe('trace-123');
    expect(body.error.request_id).toBe('trace-123');
  });
});
