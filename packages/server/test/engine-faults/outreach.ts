import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { Config } from '../../src/config.js';
import { createServer, type Server } from '../../src/main.js';
import { deriveSecretKey } from '../../src/secret-key.js';
import type { ReceivedMail } from '../support/smtp-sink.js';
import { FAULT_SECRET, type FaultDb } from './processes.js';

export const V1 = '/api/public/v1.0.0';

/** Every day, all day: whatever the real clock says, it is inside the sending window. */
export const ALL_HOURS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'].map((name) => ({
  name,
  enabled: true,
  fromTime: '00:00',
  toTime: '24:00',
}));

/** Something that answers API requests with an admin key. */
export interface Api {
  call(method: string, url: string, body?: unknown): Promise<LightMyRequestResponse>;
}

/** An in-process server on a fault test's database; its engine is never started (workers send). */
export interface FaultServer extends Api {
  server: Server;
  close(): Promise<void>;
}

/** Opens the API in this process on the database the workers use. */
export async function openFaultServer(db: FaultDb): Promise<FaultServer> {
  const config: Config = {
    host: '127.0.0.1',
    port: 0,
    dataDir: db.dataDir,
    storage: db.storage,
    bodyLimit: 10 * 1024 * 1024,
    rateLimits: { read: 100_000, write: 100_000, delete: 100_000 },
    logLevel: 'silent',
    secretKey: deriveSecretKey(FAULT_SECRET),
  };
  const server = await createServer(config, {
    // FAULT_LOG=1 shows the API's errors (a 500's cause) while debugging a fault test.
    logger: process.env['FAULT_LOG'] ? { level: 'error' } : false,
    bootstrap: false,
  });
  const { key } = await server.services.keys.create({ workspace: 'Faults', role: 'admin', name: 'faults' });
  await server.http.fastify.ready();
  return {
    server,
    call: (method, url, body) =>
      server.http.fastify.inject({
        method: method as 'GET',
        url,
        headers: { authorization: key, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
      }),
    close: () => server.close(),
  };
}

/** The `data` of a 200 answer; fails the test with the body otherwise. */
export async function ok<T>(res: Promise<LightMyRequestResponse>): Promise<T> {
  const r = await res;
  expect(r.statusCode, r.body).toBe(200);
  return r.json<{ data: T }>().data;
}

/** Creates `n` senders pointing at the sink on `port`: `s<i>@sender.test`. */
export async function createSenders(
  api: Api,
  port: number,
  n: number,
  extra: Record<string, unknown> = {},
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const s = await ok<{ id: string }>(
      api.call('POST', `${V1}/senders`, {
        from_email: `s${i}@sender.test`,
        from_name: `Sender ${i}`,
        user_name: 'mailer@example.com',
        password: 'right-password',
        smtp_host: '127.0.0.1',
        smtp_port: port,
        max_emails_per_day: 100_000,
        min_gap_minutes: 0,
        timezone: 'UTC',
        ...extra,
      }),
    );
    ids.push(s.id);
  }
  return ids;
}

/** A list holding `emails` (First_Name is the local part); answers its id. */
export async function createList(api: Api, name: string, emails: string[]): Promise<string> {
  const list = await ok<{ id: string }>(api.call('POST', `${V1}/lists`, { name }));
  const contacts = emails.map((Email) => ({ Email, First_Name: Email.slice(0, Email.indexOf('@')) }));
  await ok(api.call('POST', '/api/public/contacts', { list_id: list.id, contacts }));
  return list.id;
}

/** One email step, the step of most fault tests. */
export const ONE_STEP = [{ type: 'email', subject: 'Hello {{first_name}}', content: '<p>Hi {{first_name}}</p>' }];

/** `steps` email steps, each marking its body `[step N]`, back to back (no delay between them). */
export const markedSteps = (steps: number) =>
  Array.from({ length: steps }, (_, i) => ({
    type: 'email' as const,
    ...(i === 0 ? { subject: 'Hello {{first_name}}' } : {}),
    content: `<p>Hi {{first_name}} [step ${i + 1}]</p>`,
  }));

/** Creates a running sequence: all hours, no gaps, over `listId` from `senderIds`. */
export async function startSequence(api: Api, listId: string, senderIds: string[], body: Record<string, unknown>) {
  const seq = await ok<{ id: string }>(
    api.call('POST', `${V1}/sequences`, {
      name: `Faults ${listId}`,
      senders: senderIds.join(','),
      lists: [listId],
      timezone: 'UTC',
      emailSendingHours: ALL_HOURS,
      delayEnabled: false,
      paused: false,
      ...body,
    }),
  );
  return seq.id;
}

/** The sequence's stats as GET /sequences/:id/stats answers them. */
export interface SequenceStats {
  sent: number;
  leads: Record<'total' | 'active' | 'held' | 'completed' | 'stopped' | 'uncertain', number>;
  messages: Record<'sending' | 'retry' | 'sent' | 'failed' | 'uncertain', number>;
}

export const statsOf = (api: Api, seqId: string) =>
  ok<SequenceStats>(api.call('GET', `${V1}/sequences/${seqId}/stats`));

/** What the sink received, as the tests compare it: recipient, Message-ID and the `[step N]` mark. */
export interface Delivery {
  to: string;
  messageId: string;
  step: number;
}

export function deliveryOf(m: ReceivedMail): Delivery {
  const id = /^Message-ID:\s*(<[^>\r\n]+>)/im.exec(m.raw);
  const step = /\[step (\d+)\]/.exec(m.raw);
  return { to: m.to.join(','), messageId: id?.[1] ?? '', step: step ? Number(step[1]) : 0 };
}

/** Counts of each key in `items`. */
export function tally<T>(items: T[], key: (t: T) => string): Map<string, number> {
  const out = new Map<string, number>();
  for (const it of items) out.set(key(it), (out.get(key(it)) ?? 0) + 1);
  return out;
}
