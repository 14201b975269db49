import { simpleParser, type ParsedMail } from 'mailparser';
import { expect } from 'vitest';
import { startSmtpSink, type SmtpSink, type SmtpSinkOptions } from '../support/smtp-sink.js';
import type { TestServer } from '../support/test-server.js';

/** A workspace set up as a user would through the API: a sender at a loopback sink, a template, a list. */
export interface Outreach {
  sink: SmtpSink;
  senderId: string;
  templateId: string;
  listId: string;
}

/** Every working day 09:00–17:00 in UTC: the test clock starts Monday 2026-03-02 10:00 UTC. */
export const WORKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'].map((name) => ({
  name,
  enabled: name !== 'Saturday' && name !== 'Sunday',
  fromTime: '09:00',
  toTime: '17:00',
}));

async function ok<T>(res: Promise<{ statusCode: number; json: <J>() => J; body: string }>): Promise<T> {
  const r = await res;
  expect(r.statusCode, r.body).toBe(200);
  return r.json<{ data: T }>().data;
}

/** Creates sender, template and list through the v1 API; `contacts` go into the list. */
export async function setUpOutreach(
  t: TestServer,
  contacts: Record<string, string>[],
  sinkOptions: SmtpSinkOptions = {},
  sender: Record<string, unknown> = {},
): Promise<Outreach> {
  const sink = await startSmtpSink(sinkOptions);
  const v1 = '/api/public/v1.0.0';
  const s = await ok<{ id: string }>(
    t.call(t.admin, 'POST', `${v1}/senders`, {
      from_email: 'ann@sender.test',
      from_name: 'Ann Sender',
      user_name: 'mailer@example.com',
      password: 'right-password',
      smtp_host: '127.0.0.1',
      smtp_port: sink.port,
      max_emails_per_day: 100,
      timezone: 'UTC',
      ...sender,
    }),
  );
  const tpl = await ok<{ id: string }>(
    t.call(t.admin, 'POST', `${v1}/templates`, {
      name: 'Intro',
      subject_line: 'Hello {{first_name}}',
      content: '<p>Hi {{First_Name}}, how is {{company}}?</p>',
    }),
  );
  const list = await ok<{ id: string }>(t.call(t.admin, 'POST', `${v1}/lists`, { name: 'Leads' }));
  await ok(t.call(t.admin, 'POST', '/api/public/contacts', { list_id: list.id, contacts }));
  return { sink, senderId: s.id, templateId: tpl.id, listId: list.id };
}

/** Creates and starts a sequence: the template, then (after `delayDays`) an inline follow-up in the thread. */
export async function startSequence(t: TestServer, o: Outreach, extra: Record<string, unknown> = {}): Promise<string> {
  const seq = await ok<{ id: string }>(
    t.call(t.admin, 'POST', '/api/public/v1.0.0/sequences', {
      name: 'Outreach',
      senders: o.senderId,
      lists: [o.listId],
      steps: [
        { type: 'email', template_id: o.templateId },
        { type: 'delay', days: 2 },
        { type: 'email', content: '<p>Just following up, {{first_name}}.</p>' },
      ],
      timezone: 'UTC',
      emailSendingHours: WORKDAYS,
      delayEnabled: false,
      plainText: false,
      paused: false,
      ...extra,
    }),
  );
  return seq.id;
}

/** The messages the sink received, parsed. */
export const parsed = (sink: SmtpSink): Promise<ParsedMail[]> =>
  Promise.all(sink.messages.map((m) => simpleParser(m.raw)));

/**
 * Sends one open-tracked email to the outreach's lead and answers the path of its pixel
 * (`/t/o/<token>`), with the clock moved a minute on so an open is no longer "at delivery".
 */
export async function sendWithPixel(t: TestServer, o: Outreach): Promise<string> {
  await startSequence(t, o, { steps: [{ type: 'email', subject: 'Hi', content: '<p>Hi</p>' }], checkEmailOpen: true });
  await t.server.engine.tick();
  const html = String((await parsed(o.sink))[0]!.html);
  t.clock.advance(60_000);
  return new URL(/<img src="([^"]+)"/.exec(html)![1]!).pathname;
}
