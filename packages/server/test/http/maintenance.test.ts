import { expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { useTestServer } from '../support/test-server.js';
import { createList, expectError, expectOk, listById } from './api-fixtures.js';

// 503 of public-api.md §1: the admin maintenance switch, and a server draining for shutdown.
// Both change the whole server, so each suite has a server of its own.

describeEachDialect('503: maintenance mode', (dialect) => {
  const t = useTestServer(dialect);
  const SWITCH = '/api/public/v1.0.0/maintenance';

  it('answers every API call 503 with Retry-After while on, except the switch itself', async () => {
    const ts = t();
    const { admin } = ts;
    const listId = await createList(t(), admin);
    const on = expectOk(await ts.call(admin, 'PUT', SWITCH, { enabled: true, retry_after: 120 }));
    expect(on.data).toEqual({ enabled: true, retry_after: 120 });
    expect(on.message).toBe('Maintenance mode on');

    for (const [method, url, body] of [
      ['GET', '/api/public/lists', undefined],
      ['GET', '/api/public/v1.0.0/sequences', undefined],
      ['GET', '/api/public/opens', undefined],
      ['POST', '/api/public/contacts', { list_id: listId, contacts: [{ Email: 'ann@example.com' }] }],
    ] as const) {
      const res = await ts.call(admin, method, url, body);
      expect(expectError(res, 503, 'maintenance').message).toMatch(/maintenance/);
      expect(res.headers['retry-after']).toBe('120');
    }
    expect(expectOk(await ts.call(admin, 'GET', SWITCH)).data).toEqual({ enabled: true, retry_after: 120 });

    expectOk(await ts.call(admin, 'PUT', SWITCH, { enabled: false }));
    const list = await listById(t(), admin, listId);
    expect(list?.contacts_count).toBe(0);
  });

  it('serves again once the switch is off', async () => {
    const ts = t();
    const { admin } = ts;
    expectOk(await ts.call(admin, 'PUT', SWITCH, { enabled: true }));
    expectError(await ts.call(admin, 'GET', '/api/public/lists'), 503, 'maintenance');
    const off = expectOk(await ts.call(admin, 'PUT', SWITCH, { enabled: false }));
    expect(off.message).toBe('Maintenance mode off');
    expectOk(await ts.call(admin, 'GET', '/api/public/lists'));
    expect(expectOk(await ts.call(admin, 'GET', SWITCH)).data).toMatchObject({ enabled: false });
  });

  it('asks clients to come back in 300 s when the admin gives no time', async () => {
    const ts = t();
    const { admin } = ts;
    expect(expectOk(await ts.call(admin, 'PUT', SWITCH, { enabled: true })).data).toEqual({
      enabled: true,
      retry_after: 300,
    });
    expect((await ts.call(admin, 'GET', '/api/public/lists')).headers['retry-after']).toBe('300');
    expectOk(await ts.call(admin, 'PUT', SWITCH, { enabled: false }));
  });

  it('still keeps members off the switch while it is on', async () => {
    const ts = t();
    const { admin } = ts;
    const member = await ts.key('Acme', 'member');
    expectOk(await ts.call(admin, 'PUT', SWITCH, { enabled: true }));
    expectError(await ts.call(member, 'PUT', SWITCH, { enabled: false }), 403, 'forbidden');
    expectError(await ts.call(member, 'GET', '/api/public/lists'), 503, 'maintenance');
    expectOk(await ts.call(admin, 'PUT', SWITCH, { enabled: false }));
    expectOk(await ts.call(member, 'GET', '/api/public/lists'));
  });
});

describeEachDialect('503: a server draining for shutdown', (dialect) => {
  const t = useTestServer(dialect);

  it('answers 503 with Retry-After once draining starts, and reports itself not ready', async () => {
    const ts = t();
    const { admin, server } = ts;
    expectOk(await ts.call(admin, 'GET', '/api/public/lists'));
    expectOk(await ts.call(undefined, 'GET', '/readyz'));
    server.http.startDraining();
    const res = await ts.call(admin, 'GET', '/api/public/lists');
    expectError(res, 503, 'shutting_down');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expectError(await ts.call(undefined, 'GET', '/readyz'), 503, 'shutting_down');
  });
});
