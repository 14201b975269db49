import { afterAll, beforeAll, expect } from 'vitest';
import { parsed, WORKDAYS } from '../engine/engine-fixture.js';
import { plainReply, SENDER } from '../inbox/inbox-fixture.js';
import type { Dialect } from '../support/dialects.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';
import { useTestServer, type TestServer } from '../support/test-server.js';
import { salesblinkCaller, type SalesBlinkCaller } from './salesblink-client.js';

// One workspace set up the way the SalesBlink docs' evals do it (v1-reference §6): a list with
// verification on, PascalCase contacts with remove_duplicates, a template, an SMTP sender at a loopback
// sink, a sequence given `senders` as a string and email/delay/email steps, started at once; the engine
// sends, and one lead replies (recorded by InboxService.process, the poller's own path). A second
// workspace holds one of everything, so each id can be tried from the wrong side.

/** The leads of the seeded list; the first one replies. */
export const LEADS = ['pat@lead.test', 'rae@lead.test', 'sam@lead.test'] as const;

/** What the seeded workspace holds. */
export interface Seed {
  t: TestServer;
  sink: SmtpSink;
  /** the SalesBlink CLI's calls with the first workspace's key */
  call: SalesBlinkCaller;
  /** the same with the second workspace's key */
  other: SalesBlinkCaller;
  listId: string;
  leadIds: Record<string, string>;
  templateId: string;
  senderId: string;
  sequenceId: string;
  folderId: string;
  senderFolderId: string;
  /** our id of the recorded reply, and its Message-ID */
  replyId: string;
  replyMessageId: string;
  /** ids of the second workspace */
  foreign: { listId: string; leadId: string; templateId: string; senderId: string; sequenceId: string };
}

async function data<T>(call: SalesBlinkCaller, method: string, path: string, body?: unknown): Promise<T> {
  const res = await call(method, path, body === undefined ? {} : { body });
  expect(res.statusCode, `${method} ${path}: ${res.body}`).toBeLessThan(300);
  return res.json<{ data: T }>().data;
}

/** Builds list, leads, template, sender and sequence in one workspace; answers their ids. */
async function buildWorkspace(call: SalesBlinkCaller, smtpPort: number, start: boolean) {
  const list = await data<{ id: string }>(call, 'POST', '/lists', { name: 'Prospects', verification: true });
  const added = await data<{ contacts: { id: string; Email: string }[] }>(call, 'POST', '/contacts', {
    list_id: list.id,
    remove_duplicates: true,
    contacts: LEADS.map((Email, i) => ({
      Email,
      First_Name: Email.split('@')[0],
      Last_Name: 'Lead',
      Company: 'Northwind',
      Phone: `+1 555 010${i}`,
    })),
  });
  const template = await data<{ id: string }>(call, 'POST', '/templates', {
    name: 'Intro',
    subject_line: 'Hello {{first_name}}',
    content: '<p>Hi {{first_name}}, is {{company}} hiring?</p>',
  });
  const sender = await data<{ id: string }>(call, 'POST', '/senders', {
    from_email: SENDER,
    from_name: 'Ann Sender',
    user_name: 'mailer@example.com',
    password: 'right-password',
    smtp_host: '127.0.0.1',
    smtp_port: String(smtpPort),
    max_emails_per_day: 50,
  });
  const sequence = await data<{ id: string }>(call, 'POST', '/sequences', {
    name: 'Q1 outreach',
    senders: sender.id,
    lists: [list.id],
    steps: [
      { type: 'email', template_id: template.id },
      { type: 'delay', days: 2 },
      { type: 'email', template_id: template.id },
    ],
    timezone: 'UTC',
    emailSendingHours: WORKDAYS,
    delayEnabled: false,
    paused: !start,
    launchTimingMode: 'now',
  });
  const leadIds = Object.fromEntries(added.contacts.map((c) => [c.Email, c.id]));
  return { listId: list.id, leadIds, templateId: template.id, senderId: sender.id, sequenceId: sequence.id };
}

/** A test server with the seed in place before the file's tests run. */
export function useCompatSeed(dialect: Dialect): () => Seed {
  const ts = useTestServer(dialect);
  let seed: Seed | undefined;
  beforeAll(async () => {
    const t = ts();
    const sink = await startSmtpSink();
    const call = salesblinkCaller(t, t.admin.key);
    const other = salesblinkCaller(t, (await t.key('Globex')).key);
    const folder = await data<{ id: string }>(call, 'POST', '/folders', { name: 'Q1' });
    const senderFolder = await data<{ id: string }>(call, 'POST', '/folders', { name: 'EU', type: 'email-sender' });
    const mine = await buildWorkspace(call, sink.port, true);
    const theirs = await buildWorkspace(other, sink.port, false);
    await t.server.engine.tick();
    const sent = await parsed(sink);
    expect(sent).toHaveLength(LEADS.length);
    const ours = sent.find((m) => m.to && 'text' in m.to && m.to.text.includes(LEADS[0]))?.messageId ?? '';
    t.clock.advance(60_000);
    const replyMessageId = '<pat-1@lead.test>';
    const raw = plainReply(`Pat <${LEADS[0]}>`, ours, 'Hello pat', 'Sounds good, tell me more.', replyMessageId);
    const outcome = await t.server.services.inbox.process(mine.senderId, Buffer.from(raw));
    expect(outcome.status).toBe('recorded');
    seed = {
      t,
      sink,
      call,
      other,
      ...mine,
      folderId: folder.id,
      senderFolderId: senderFolder.id,
      replyId: outcome.id ?? '',
      replyMessageId,
      foreign: { ...theirs, leadId: Object.values(theirs.leadIds)[0] ?? '' },
    };
  });
  afterAll(async () => seed?.sink.close());
  return () => {
    if (!seed) throw new Error('compat seed not built');
    return seed;
  };
}
