import { afterEach } from 'vitest';
import type { Config } from '../../src/config.js';
import type { Dialect } from '../support/dialects.js';
import { startSmtpSink, type SmtpSink, type SmtpSinkOptions } from '../support/smtp-sink.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { createList, createSenders, ok, ONE_STEP, startSequence, V1, type Api } from './outreach.js';

/** The engine driven by hand: a test server on a TestClock (Monday 2026-03-02 10:00 UTC), and sinks. */
export interface Bench {
  ts: TestServer;
  api: Api;
  sink(opts?: SmtpSinkOptions): Promise<SmtpSink>;
  /** one engine pass at the clock's time */
  tick(): Promise<void>;
  /** moves the clock by `ms`, then one pass */
  after(ms: number): Promise<void>;
}

/** Gives each test a fresh server (tuned by `overrides`) and closes it, and the sinks it opened, afterwards. */
export function useBench(dialect: Dialect, overrides: Partial<Config> = {}): () => Promise<Bench> {
  const open: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of open.splice(0).reverse()) await close();
  });
  return async () => {
    const ts = await startTestServer(dialect, overrides);
    open.push(async () => {
      await ts.server.close();
      await ts.testDb.destroy();
    });
    const tick = async () => {
      await ts.server.engine.tick();
    };
    return {
      ts,
      api: { call: (method, url, body) => ts.call(ts.admin, method, url, body) },
      sink: async (opts) => {
        const s = await startSmtpSink(opts);
        open.push(() => s.close());
        return s;
      },
      tick,
      after: async (ms) => {
        ts.clock.advance(ms);
        await tick();
      },
    };
  };
}

/** A lead of a sequence as GET /sequences/:id/leads answers. */
export interface LeadRow {
  id: string;
  Email: string;
  status: string;
  lead_status: string;
  reason: string;
  next_send_at: number;
  sender_id: string;
}

/** One message of a lead as GET /sequences/:id/leads/:leadId/messages answers. */
export interface MessageRow {
  message_id: string;
  step: number;
  status: string;
  error: string;
  attempts: number;
  sender_id: string;
}

export async function leadOf(api: Api, seqId: string, email: string): Promise<LeadRow> {
  const rows = await ok<LeadRow[]>(api.call('GET', `${V1}/sequences/${seqId}/leads`));
  const row = rows.find((r) => r.Email === email);
  if (!row) throw new Error(`${email} is not a lead of ${seqId}: ${JSON.stringify(rows)}`);
  return row;
}

export async function messagesOf(api: Api, seqId: string, email: string): Promise<MessageRow[]> {
  const lead = await leadOf(api, seqId, email);
  return ok<MessageRow[]>(api.call('GET', `${V1}/sequences/${seqId}/leads/${lead.id}/messages`));
}

/** How many messages the sink took for `email`. */
export const receivedBy = (sink: SmtpSink, email: string) => sink.messages.filter((m) => m.to.includes(email)).length;

/** A running one-step sequence from one sender on `sink` to a new list `name` of `emails`; its id. */
export async function oneStepSequence(b: Bench, sink: SmtpSink, name: string, emails: string[]): Promise<string> {
  const senders = await createSenders(b.api, sink.port, 1);
  return startSequence(b.api, await createList(b.api, name, emails), senders, { steps: ONE_STEP });
}
