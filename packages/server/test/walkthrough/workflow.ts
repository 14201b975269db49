import { simpleParser } from 'mailparser';
import { expect } from 'vitest';
import { WORKDAYS } from '../engine/engine-fixture.js';
import { plainReply, SENDER } from '../inbox/inbox-fixture.js';
import type { SmtpSink } from '../support/smtp-sink.js';
import type { TestServer } from '../support/test-server.js';

// The SalesBlink workflow a new user goes through, written once and run through three front doors
// (the raw v1 API, the SDK, the CLI): each implements `Driver`, and `runWorkflow` checks what the user
// would see — the emails in a real SMTP sink, the feeds, the numbers and the inbox.

/** A new user's leads. */
export const LEADS = [
  { Email: 'ada@lead.test', First_Name: 'Ada', Company: 'Analytical Engines' },
  { Email: 'ben@lead.test', First_Name: 'Ben', Company: 'Babbage & Co' },
];

/** Sending settings that let the engine send at the test clock's time (Monday 10:00 UTC). */
export const SENDING_SETTINGS = { timezone: 'UTC', emailSendingHours: WORKDAYS, delayEnabled: false, plainText: false };

/** The sink's login, which the sender is given. */
export const SINK_LOGIN = { user: 'mailer@example.com', password: 'right-password' };

/** One front door to the API: each step as a user takes it there. */
export interface Driver {
  createList(name: string): Promise<string>;
  /** answers how many leads were added */
  importLeads(listId: string, contacts: Record<string, string>[]): Promise<number>;
  createTemplate(t: { name: string; subject: string; content: string }): Promise<string>;
  createSender(s: {
    email: string;
    name: string;
    host: string;
    port: number;
    user: string;
    password: string;
  }): Promise<string>;
  /** creates it paused; answers its id */
  createSequence(s: { name: string; senderId: string; listId: string; templateId: string }): Promise<string>;
  /** starts it; answers its status */
  start(sequenceId: string): Promise<string>;
  /** recipients of the feed's records */
  feed(kind: 'sent' | 'replies', sequenceId: string): Promise<string[]>;
  overall(): Promise<{ sent: number; replies: number }>;
  /** the conversations: the lead's address and the reply's Message-ID */
  inbox(): Promise<{ email: string; messageId: string }[]>;
  /** replies from the inbox; answers the status (`sent`) */
  reply(messageId: string, html: string): Promise<string>;
}

/** Runs the whole workflow through `driver` on the server `t`, sending to `sink`. */
export async function runWorkflow(t: TestServer, sink: SmtpSink, driver: Driver): Promise<void> {
  const listId = await driver.createList('Webinar signups');
  expect(await driver.importLeads(listId, LEADS)).toBe(LEADS.length);
  const templateId = await driver.createTemplate({
    name: 'Webinar follow-up',
    subject: 'Hello {{first_name}}',
    content: '<p>Hi {{first_name}}, thanks for joining. Is {{company}} looking at this?</p>',
  });
  const senderId = await driver.createSender({
    email: SENDER,
    name: 'Ann Sender',
    host: '127.0.0.1',
    port: sink.port,
    ...SINK_LOGIN,
  });
  const sequenceId = await driver.createSequence({ name: 'Webinar', senderId, listId, templateId });
  expect(sink.messages).toHaveLength(0);
  expect(await driver.start(sequenceId)).toBe('running');

  await t.server.engine.tick();
  const mails = await Promise.all(sink.messages.map((m) => simpleParser(m.raw)));
  expect(mails.map((m) => m.subject).sort()).toEqual(['Hello Ada', 'Hello Ben']);
  expect(mails.find((m) => m.subject === 'Hello Ada')?.html).toContain('Is Analytical Engines looking at this?');
  expect((await driver.feed('sent', sequenceId)).sort()).toEqual(['ada@lead.test', 'ben@lead.test']);

  // Ada answers; the reply is read through the poller's own path (InboxService.process).
  const ours = mails.find((m) => m.subject === 'Hello Ada')?.messageId ?? '';
  t.clock.advance(30 * 60_000);
  const raw = plainReply(
    'Ada <ada@lead.test>',
    ours,
    'Hello Ada',
    'Yes! Can we talk on Thursday?',
    '<ada-1@lead.test>',
  );
  expect((await t.server.services.inbox.process(senderId, Buffer.from(raw))).status).toBe('recorded');

  expect(await driver.feed('replies', sequenceId)).toEqual(['ada@lead.test']);
  expect(await driver.overall()).toMatchObject({ sent: 2, replies: 1 });
  const threads = await driver.inbox();
  expect(threads).toEqual([{ email: 'ada@lead.test', messageId: '<ada-1@lead.test>' }]);

  expect(await driver.reply(threads[0]?.messageId ?? '', '<p>Thursday at 10 works.</p>')).toBe('sent');
  const answer = await simpleParser(sink.messages.at(-1)?.raw ?? '');
  expect(answer.to && 'text' in answer.to ? answer.to.text : '').toContain('ada@lead.test');
  expect(answer.subject).toBe('Re: Hello Ada');
  expect(answer.inReplyTo).toBe('<ada-1@lead.test>');
  expect(answer.html).toContain('Thursday at 10 works.');
}
