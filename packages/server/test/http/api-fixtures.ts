import type { ActivityRecord } from '@blinkpost/contract';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { NewActivity } from '../../src/store/activity.repo.js';
import type { TestKey, TestServer } from '../support/test-server.js';

// What the HTTP tests share: the envelopes they read, and the rows they put in place first.

/** Both generations of the API; the overlapping routes must behave the same under each. */
export const PREFIXES = ['/api/public', '/api/public/v1.0.0'] as const;

/** The success envelope, with the extra top-level keys some routes add. */
export interface Ok<T> {
  success: true;
  message?: string;
  data: T;
  count?: number;
  page?: number;
  per_page?: number;
}

/** The error envelope. */
export interface Failure {
  success: false;
  message: string;
  error: { code: string; request_id?: string; details?: unknown };
}

/** Checks a response is the error envelope with this status and code, and answers the body. */
export function expectError(res: LightMyRequestResponse, status: number, code: string): Failure {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  const body = res.json<Failure>();
  expect(body).toMatchObject({ success: false, error: { code } });
  expect(typeof body.message).toBe('string');
  return body;
}

/** Checks a response is a 200 success envelope and answers it. */
export function expectOk<T>(res: LightMyRequestResponse): Ok<T> {
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  const body = res.json<Ok<T>>();
  expect(body.success).toBe(true);
  return body;
}

/** Creates a list over the v1 API and answers its id. */
export async function createList(t: TestServer, key: TestKey, name = 'Prospects'): Promise<string> {
  return expectOk<{ id: string }>(await t.call(key, 'POST', '/api/public/v1.0.0/lists', { name })).data.id;
}

/** A list as `GET /lists` shows it (the fields these tests read). */
export interface ListView {
  id: string;
  name: string;
  contacts_count: number;
  fields: string[];
}

/** The list with this id as the key's workspace sees it in `GET /lists`. */
export async function listById(t: TestServer, key: TestKey, id: string): Promise<ListView | undefined> {
  return expectOk<ListView[]>(await t.call(key, 'GET', '/api/public/lists')).data.find((l) => l.id === id);
}

/** Stores a sequence in the key's workspace (there is no HTTP route to create one yet) and answers its id. */
export async function createSequence(t: TestServer, key: TestKey, name = 'Outreach'): Promise<string> {
  const p = key.principal;
  const seq = await t.server.store.sequences.create(
    { workspaceId: p.workspaceId, name, ownedBy: p.workspaceName },
    t.clock.now(),
  );
  return seq.id;
}

/** An activity row for `recordActivity`: the workspace comes from the key. */
export type ActivityInput = Omit<NewActivity, 'workspace_id'>;

/** Records activity of the key's workspace through the store, as the sending engine will. */
export async function recordActivity(t: TestServer, key: TestKey, rows: ActivityInput[]): Promise<string[]> {
  return t.server.store.activity.insert(rows.map((r) => ({ ...r, workspace_id: key.principal.workspaceId })));
}

/** One page or all of a feed, as records. */
export async function feed(t: TestServer, key: TestKey, url: string): Promise<Ok<ActivityRecord[]>> {
  return expectOk<ActivityRecord[]>(await t.call(key, 'GET', url));
}
