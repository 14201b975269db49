import type { Sender, SenderTestResult } from '@blinkpost/contract';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { startImapResponder, type ImapResponder } from '../support/imap-responder.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';
import { useTestServer, type TestKey } from '../support/test-server.js';
import { expectError, expectOk } from '../http/api-fixtures.js';

const V1 = '/api/public/v1.0.0';
const USER = 'mailer@example.com';
const PASSWORD = 'right-password';

describeEachDialect('changing and testing a sender', (dialect) => {
  const t = useTestServer(dialect);
  let sink: SmtpSink;
  let imap: ImapResponder;
  let sender: Sender;
  let globex: TestKey;
  const url = (suffix = '') => `${V1}/senders/${sender.id}${suffix}`;
  const patch = async (body: Record<string, unknown>, key: TestKey = t().admin) =>
    expectOk<Sender>(await t().call(key, 'PATCH', url(), body));
  const test = async () => expectOk<SenderTestResult>(await t().call(t().admin, 'POST', url('/test')));

  beforeAll(async () => {
    sink = await startSmtpSink({ user: USER, password: PASSWORD });
    imap = await startImapResponder({ user: USER, password: PASSWORD });
    const res = await t().call(t().admin, 'POST', `${V1}/senders`, {
      from_email: USER,
      password: PASSWORD,
      smtp_host: '127.0.0.1',
      smtp_port: sink.port,
      imap_host: '127.0.0.1',
      imap_port: imap.port,
    });
    sender = expectOk<Sender>(res).data;
    globex = await t().key('Globex');
  });
  afterAll(async () => {
    await sink.close();
    await imap.close();
  });

  it('POST /senders/:id/test answers both servers’ own words for a good login', async () => {
    const body = await test();
    expect(body.message).toBe('SMTP login succeeded; IMAP login succeeded');
    expect(body.data.smtp).toEqual({ ok: true, response: expect.stringMatching(/^235 /) as unknown });
    expect(body.data.imap).toMatchObject({
      ok: true,
      response: expect.stringContaining('Blinkpost test IMAP ready') as unknown,
    });
  });

  it('a wrong password is reported (200), in the servers’ words, and never echoed', async () => {
    await patch({ password: 'wrong-password' });
    const res = await t().call(t().admin, 'POST', url('/test'));
    expect(res.body).not.toContain('wrong-password');
    const body = expectOk<SenderTestResult>(res);
    expect(body.message).toBe('SMTP login failed; IMAP login failed');
    expect(body.data.smtp).toMatchObject({ ok: false, kind: 'auth', code: 535 });
    expect(body.data.smtp.response).toContain('Authentication credentials invalid');
    expect(body.data.imap).toMatchObject({ ok: false, kind: 'auth' });
    expect(body.data.imap?.response).toContain('Invalid credentials');
    await patch({ password: PASSWORD });
    expect((await test()).data.smtp.ok).toBe(true);
  });

  it('an unreachable port is reported with the network error', async () => {
    await patch({ smtp_port: 1 });
    const body = await test();
    expect(body.data.smtp).toMatchObject({ ok: false, kind: 'transient' });
    expect(body.data.smtp.response).toMatch(/ECONNREFUSED/);
    await patch({ smtp_port: sink.port });
  });

  it('PATCH takes SalesBlink’s names and ours, and says which fields it ignored', async () => {
    const res = await t().call(t().admin, 'PATCH', url(), {
      from_name: 'Mia Mailer',
      sequence_max_daily_frequency: 80,
      reply_to: 'replies@example.com',
      timezone: 'America/New_York',
      min_gap_minutes: 7,
      signature: '<p>— Mia</p>',
      tracking_domain: 'track.example.com',
      warmup_enabled: true,
      from_email: 'other@example.com',
    });
    const body = expectOk<Sender>(res);
    expect(body.message).toBe(
      'Sender settings updated successfully; ignored unsupported field(s): warmup_enabled, from_email',
    );
    expect(body.data).toMatchObject({
      email: USER,
      from_name: 'Mia Mailer',
      senderName: 'Mia Mailer',
      max_emails_per_day: 80,
      reply_to_email: 'replies@example.com',
      timezone: 'America/New_York',
      min_gap_minutes: 7,
      signature: '<p>— Mia</p>',
      custom_tracking_url: 'https://track.example.com',
      smtp_port: sink.port,
    });
    expect((await patch({ use_custom_tracking_domain: false, reply_to_email: '' })).data).toMatchObject({
      custom_tracking_url: '',
      reply_to_email: '',
    });
  });

  it('PATCH derives TLS from a new port unless told, and "" removes IMAP', async () => {
    const other = expectOk<Sender>(
      await t().call(t().admin, 'POST', `${V1}/senders`, {
        from_email: 'second@example.com',
        password: 'p',
        smtp_host: 'smtp.example.com',
        smtp_port: 587,
        imap_host: 'imap.example.com',
      }),
    ).data;
    const at = (body: Record<string, unknown>) => t().call(t().admin, 'PATCH', `${V1}/senders/${other.id}`, body);
    expect(expectOk<Sender>(await at({ smtp_port: 465 })).data.smtp_secure).toBe(true);
    expect(expectOk<Sender>(await at({ smtp_port: 25, smtp_secure: true })).data.smtp_secure).toBe(true);
    expect(expectOk<Sender>(await at({ imap_host: '' })).data).toMatchObject({
      serviceName: 'smtponly',
      imap_host: '',
      has_imap_password: false,
    });
  });

  it.each([
    [{ timezone: 'Nowhere/Else' }, 'timezone is not a known IANA time zone'],
    [{ paused: 'maybe' }, 'paused must be a boolean'],
    [{ smtp_host: '' }, 'smtp_host is not a host name'],
    [{ password: '' }, 'password must not be empty'],
    [{ max_emails_per_day: -1 }, 'max_emails_per_day'],
  ])('PATCH 400 names the field: %#', async (body, message) => {
    const failure = expectError(await t().call(t().admin, 'PATCH', url(), body), 400, 'invalid_request');
    expect(failure.message).toContain(message);
  });

  it('paused, needs-attention, and un-pausing that clears it', async () => {
    expect((await patch({ paused: true })).data).toMatchObject({ paused: true, status: 'paused', status_reason: '' });
    expect((await patch({ paused: false })).data).toMatchObject({ paused: false, status: 'active' });

    // what the engine does when the server refuses the login (535)
    await t().server.services.senders.markNeedsAttention(
      sender.id,
      'SMTP login refused: 535 5.7.8 Authentication credentials invalid',
    );
    const flagged = expectOk<Sender>(await t().call(t().admin, 'GET', url())).data;
    expect(flagged).toMatchObject({
      paused: true,
      status: 'needs-attention',
      needs_attention: true,
      has_error: true,
      connected: false,
      status_reason: 'SMTP login refused: 535 5.7.8 Authentication credentials invalid',
    });
    const listed = expectOk<Sender[]>(await t().call(t().admin, 'GET', `${V1}/senders?status=needs-attention`));
    expect(listed.data.map((s) => s.id)).toEqual([sender.id]);
    expect((await patch({ paused: true })).data.status).toBe('needs-attention');
    expect((await patch({ paused: false })).data).toMatchObject({
      paused: false,
      status: 'active',
      needs_attention: false,
      connected: true,
      status_reason: '',
    });
  });

  it('the engine’s view of a sender: its logins in clear, in memory only', async () => {
    const view = await t().server.services.senders.accounts(sender.id);
    expect(view?.smtp).toEqual({
      id: sender.id,
      host: '127.0.0.1',
      port: sink.port,
      secure: false,
      user: USER,
      password: PASSWORD,
    });
    expect(view?.imap).toMatchObject({ host: '127.0.0.1', port: imap.port, user: USER, password: PASSWORD });
    expect(view?.sender).toMatchObject({ timezone: 'America/New_York', maxEmailsPerDay: 80, minGapMinutes: 7 });
    expect(await t().server.services.senders.accounts('00000000-0000-7000-8000-000000000000')).toBeUndefined();
  });

  it('another workspace’s sender is a 404, exactly like an unknown id', async () => {
    const { call } = t();
    const unknown = expectError(
      await call(globex, 'GET', `${V1}/senders/00000000-0000-7000-8000-000000000000`),
      404,
      'not_found',
    );
    const theirs = expectError(await call(globex, 'GET', url()), 404, 'not_found');
    expect(theirs.message.replace(sender.id, 'ID')).toBe(
      unknown.message.replace('00000000-0000-7000-8000-000000000000', 'ID'),
    );
    expectError(await call(globex, 'PATCH', url(), { from_name: 'Hijacked' }), 404, 'not_found');
    expectError(await call(globex, 'POST', url('/test')), 404, 'not_found');
    expect(expectOk<Sender[]>(await call(globex, 'GET', `${V1}/senders`)).data).toEqual([]);
    expect(expectOk<Sender>(await call(t().admin, 'GET', url())).data.from_name).not.toBe('Hijacked');
    // Globex may have its own sender with the same address
    expectOk(
      await call(globex, 'POST', `${V1}/senders`, {
        from_email: USER,
        password: 'x',
        smtp_host: 'smtp.globex.example',
        smtp_port: 587,
      }),
    );
  });
});
