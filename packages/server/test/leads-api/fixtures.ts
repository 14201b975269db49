import type { TestKey, TestServer } from '../support/test-server.js';
import { createList, expectOk } from '../http/api-fixtures.js';

// What the lead-API tests share: a list with leads, and a sequence over it with its leads enrolled.

export const V1 = '/api/public/v1.0.0';

/** Creates a list holding these contacts and answers its id and the leads' ids, in order. */
export async function listWithLeads(
  t: TestServer,
  key: TestKey,
  contacts: Record<string, unknown>[],
  name = 'Prospects',
): Promise<{ listId: string; leadIds: string[] }> {
  const listId = await createList(t, key, name);
  const added = expectOk<{ contacts: { id: string }[] }>(
    await t.call(key, 'POST', `${V1}/contacts`, { list_id: listId, contacts }),
  );
  return { listId, leadIds: added.data.contacts.map((c) => c.id) };
}

/** Stores a sequence over these lists and enrolls their leads as the engine would; answers its id. */
export async function sequenceOver(t: TestServer, key: TestKey, listIds: string[], name = 'Outreach'): Promise<string> {
  const p = key.principal;
  const seq = await t.server.store.sequences.create(
    { workspaceId: p.workspaceId, name, ownedBy: p.workspaceName, listIds, senderIds: [] },
    t.clock.now(),
  );
  await t.server.store.enrollments.enrollNew(
    { id: seq.id, workspaceId: p.workspaceId },
    0,
    t.clock.now(),
    t.clock.now(),
  );
  return seq.id;
}

/** The enrollment status and reason of a lead in a sequence. */
export async function enrollmentOf(t: TestServer, sequenceId: string, leadId: string) {
  const e = await t.server.store.enrollments.findByLead(sequenceId, leadId);
  return e && { status: e.status, reason: e.reason };
}
