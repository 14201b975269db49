import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevMailboxMessage, DevMailboxMessagePage, DevMailboxStatus } from '@blinkpost/contract';
import { DEV_MAILBOX_EMAIL, DevMailboxService } from '../../src/app/dev-mailbox.js';
import { createServer } from '../../src/main.js';
import { describeEachDialect } from '../support/dialects.js';
import { startTestServer, testConfig, useTestServer, type TestServer } from '../support/test-server.js';
import { WORKDAYS } from '../engine/engine-fixture.js';

const v1 = '/api/public/v1.0.0';

async function data<T>(res: Promise<{ statusCode: number; body: string; json: <J>() => J }>): Promise<T> {
  const r = await res;
  expect(r.statusCode, r.body).toBe(200);
  return r.json<{ data: T }>().data;
}

async function body<T>(res: Promise<{ statusCode: number; body: string; json: <J>() => J }>): Promise<T> {
  const r = await res;
  expect(r.statusCode, r.body).toBe(200);
  return r.json<T>();
}

/** A list of `emails`, a template and a started sequence sending from `senderId`. */
async function startSequenceFrom(t: TestServer, senderId: string, emails: string[]): Promise<string> {
  const list = await data<{ id: string }>(t.call(t.admin, 'POST', `${v1}/lists`, { name: 'Demo leads' }));
  const contacts = emails.map((Email, i) => ({ Email, First_Name: `Lead${i + 1}` }));
  await data(t.call(t.admin, 'POST', '/api/public/contacts', { list_id: list.id, contacts }));
  const tpl = await data<{ id: string }>(
    t.call(t.admin, 'POST', `${v1}/templates`, {
      name: 'Hello',
      subject_line: 'Hello {{first_name}}',
      content: '<p>Hi {{first_name}}, this is a demo.</p>',
    }),
  );
  const seq = await data<{ id: string }>(
    t.call(t.admin, 'POST', `${v1}/sequences`, {
      name: 'Demo',
      senders: senderId,
      lists: [list.id],
      steps: [{ type: 'email', template_id: tpl.id }],
      timezone: 'UTC',
      emailSendingHours: WORKDAYS,
      delayEnabled: false,
      plainText: false,
      paused: false,
    }),
  );
  return seq.id;
}

describe('the dev mailbox when the server runs without it', () => {
  const t = useTestServer('sqlite');

  it('says it is off, and its messages are a 404 that names the flag', async () => {
    const ts = t();
    expect(await body<DevMailboxStatus>(ts.call(ts.admin, 'GET', '/api/dev-mailbox'))).toEqual({
      enabled: false,
      sender_id: null,
      smtp_host: null,
      smtp_port: null,
    });
    const list = await ts.call(ts.admin, 'GET', '/api/dev-mailbox/messages');
    expect(list.statusCode).toBe(404);
    expect(list.body).toContain('--dev-mailbox');
    expect(ts.server.devMailbox).toBeUndefined();
  });

  it('asks for a key like the API does', async () => {
    const ts = t();
    expect((await ts.call(undefined, 'GET', '/api/dev-mailbox')).statusCode).toBe(401);
    expect((await ts.call('bp_nonsense', 'DELETE', '/api/dev-mailbox/messages')).statusCode).toBe(401);
  });
});

describeEachDialect('the dev mailbox', (dialect) => {
  const t = useTestServer(dialect, { devMailbox: true });
  let senderId = '';

  beforeAll(async () => {
    // The test server makes its first workspace after start-up, so the sender is made here, as a restart would.
    senderId = (await t().server.services.devMailbox.ensureSender()) ?? '';
  });

  it('makes one "Dev mailbox" sender in the first workspace, pointing at its sink', async () => {
    const ts = t();
    expect(await ts.server.services.devMailbox.ensureSender()).toBe(senderId);
    const senders = await data<
      { id: string; email: string; from_name: string; smtp_host: string; smtp_port: number }[]
    >(ts.call(ts.admin, 'GET', `${v1}/senders`));
    expect(senders).toHaveLength(1);
    expect(senders[0]).toMatchObject({
      id: senderId,
      email: DEV_MAILBOX_EMAIL,
      from_name: 'Dev mailbox',
      smtp_host: '127.0.0.1',
      smtp_port: ts.server.devMailbox?.port,
    });
    expect(await body<DevMailboxStatus>(ts.call(ts.admin, 'GET', '/api/dev-mailbox'))).toEqual({
      enabled: true,
      sender_id: senderId,
      smtp_host: '127.0.0.1',
      smtp_port: ts.server.devMailbox?.port,
    });
    const login = await data<{ smtp: { ok: boolean } }>(ts.call(ts.admin, 'POST', `${v1}/senders/${senderId}/test`));
    expect(login.smtp.ok).toBe(true);
  });

  it('catches what a sequence sends through its sender, paged, per workspace', async () => {
    const ts = t();
    const seqId = await startSequenceFrom(ts, senderId, ['ann@lead.test', 'bob@lead.test', 'cy@lead.test']);
    await ts.server.engine.tick();

    const page = await body<DevMailboxMessagePage>(ts.call(ts.admin, 'GET', '/api/dev-mailbox/messages'));
    expect(page.total).toBe(3);
    expect(page.data.map((m) => m.to).sort()).toEqual(['ann@lead.test', 'bob@lead.test', 'cy@lead.test']);
    const ann = page.data.find((m) => m.to === 'ann@lead.test')!;
    expect(ann).toMatchObject({ from: `"Dev mailbox" <${DEV_MAILBOX_EMAIL}>`, subject: 'Hello Lead1' });
    expect(ann.html).toContain('<p>Hi Lead1, this is a demo.</p>');
    expect(ann.text).toContain('Hi Lead1, this is a demo.');

    // The message the sent feed records is the one caught.
    const sent = await data<{ recipient_email_address: string; message_id: string }[]>(
      ts.call(ts.admin, 'GET', `/api/public/sent?sequence_id=${seqId}`),
    );
    expect(sent.find((r) => r.recipient_email_address === 'ann@lead.test')?.message_id).toBe(ann.message_id);

    expect(await body<DevMailboxMessage>(ts.call(ts.admin, 'GET', `/api/dev-mailbox/messages/${ann.id}`))).toEqual(ann);
    const second = await body<DevMailboxMessagePage>(
      ts.call(ts.admin, 'GET', '/api/dev-mailbox/messages?limit=1&skip=1'),
    );
    expect(second).toMatchObject({ total: 3, limit: 1, skip: 1 });
    expect(second.data).toEqual([page.data[1]]);

    // Another workspace has no sender at the sink: it sees none of it.
    const other = await ts.key('Other workspace');
    expect(await body<DevMailboxStatus>(ts.call(other, 'GET', '/api/dev-mailbox'))).toMatchObject({
      enabled: true,
      sender_id: null,
    });
    expect(await body<DevMailboxMessagePage>(ts.call(other, 'GET', '/api/dev-mailbox/messages'))).toMatchObject({
      data: [],
      total: 0,
    });
    expect((await ts.call(other, 'GET', `/api/dev-mailbox/messages/${ann.id}`)).statusCode).toBe(404);
    expect(await body(ts.call(other, 'DELETE', '/api/dev-mailbox/messages'))).toEqual({ deleted: 0 });

    expect(await body(ts.call(ts.admin, 'DELETE', '/api/dev-mailbox/messages'))).toEqual({ deleted: 3 });
    expect(await body<DevMailboxMessagePage>(ts.call(ts.admin, 'GET', '/api/dev-mailbox/messages'))).toMatchObject({
      data: [],
      total: 0,
    });
    expect((await ts.call(ts.admin, 'GET', `/api/dev-mailbox/messages/${ann.id}`)).statusCode).toBe(404);
  });

  it('lists the newest first, and keeps only the newest messages past its capacity', async () => {
    const ts = t();
    const small = new DevMailboxService(ts.server.store, ts.clock, ts.server.services.senders, ts.server.devMailbox, 2);
    const mail = (subject: string) => ({
      login: DEV_MAILBOX_EMAIL,
      from: DEV_MAILBOX_EMAIL,
      to: 'x@lead.test',
      subject,
      text: '',
      html: '',
      messageId: '',
    });
    for (const subject of ['one', 'two', 'three']) {
      small.receive(mail(subject));
      ts.clock.advance(1000);
    }
    const page = await small.list(ts.admin.principal, { offset: 0, limit: 10, clamped: false });
    expect(page.data.map((m) => m.subject)).toEqual(['three', 'two']);
    expect(page.total).toBe(2);
  });
});

describeEachDialect('the dev mailbox across restarts', (dialect) => {
  let ts: TestServer | undefined;
  beforeAll(async () => {
    ts = await startTestServer(dialect, { devMailbox: true });
  });
  afterAll(async () => {
    await ts?.server.close();
    await ts?.testDb.destroy();
  });

  it('points the same sender at the new port of each start', async () => {
    const first = ts!;
    const id = await first.server.services.devMailbox.ensureSender();
    const config = testConfig(first.testDb.storage, { devMailbox: true });
    const again = await createServer(config, { logger: false, bootstrap: false });
    try {
      expect(again.devMailbox?.senderId).toBe(id);
      expect(again.devMailbox?.port).not.toBe(first.server.devMailbox?.port);
      const senders = await again.store.senders.list(first.admin.principal.workspaceId);
      expect(senders.map((s) => [s.id, s.smtpPort])).toEqual([[id, again.devMailbox?.port]]);
    } finally {
      await again.close();
    }
  });
});
