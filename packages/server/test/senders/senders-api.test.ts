import type { Sender } from '@blinkpost/contract';
import { generateKeyPairSync } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { SecretBox } from '../../src/app/secret-box.js';
import { describeEachDialect } from '../support/dialects.js';
import { TEST_SECRET_KEY, useTestServer } from '../support/test-server.js';
import { expectError, expectOk } from '../http/api-fixtures.js';

const V1 = '/api/public/v1.0.0';
const PASSWORD = 'Sup3r-secret-SMTP';
const IMAP_PASSWORD = 'An0ther-IMAP-secret';
const DKIM_PEM = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

const salesblinkBody = (email: string, extra: Record<string, unknown> = {}) => ({
  from_email: email,
  password: PASSWORD,
  smtp_host: 'smtp.example.com',
  smtp_port: 587,
  ...extra,
});

/** Every secret a test sends; none may appear in any answer. */
const SECRETS = [PASSWORD, IMAP_PASSWORD, 'BEGIN PRIVATE KEY', DKIM_PEM.split('\n')[1]!];
const expectNoSecrets = (body: string) => {
  for (const s of SECRETS) expect(body).not.toContain(s);
};

describeEachDialect('senders over the v1 API', (dialect) => {
  const t = useTestServer(dialect);
  let full: Sender;

  beforeAll(async () => {
    const res = await t().call(
      t().admin,
      'POST',
      `${V1}/senders`,
      salesblinkBody('Ann@Example.com', {
        from_name: 'Ann Seller',
        imap_host: 'imap.example.com',
        imap_password: IMAP_PASSWORD,
        max_emails_per_day: 50,
        reply_to_email: 'replies@example.com',
        signature: '<p>Ann — <b>Example</b></p>',
        dkim_selector: 's2026',
        dkim_private_key: DKIM_PEM,
        timezone: 'Europe/Berlin',
        min_gap_minutes: 4,
        warmup_enabled: true,
      }),
    );
    expectNoSecrets(res.body);
    const body = expectOk<Sender>(res);
    expect(body.message).toBe('Sender created; ignored unsupported field(s): warmup_enabled');
    full = body.data;
  });

  it('creates a sender with SalesBlink’s fields and our defaults', () => {
    expect(full).toMatchObject({
      email: 'Ann@Example.com',
      senderName: 'Ann Seller',
      from_name: 'Ann Seller',
      owned_by: 'Acme',
      serviceName: 'smtp',
      smtp_host: 'smtp.example.com',
      smtp_port: 587,
      smtp_secure: false,
      user_name: 'Ann@Example.com',
      imap_host: 'imap.example.com',
      imap_port: 993,
      imap_secure: true,
      imap_user_name: 'Ann@Example.com',
      has_password: true,
      has_imap_password: true,
      reply_to_email: 'replies@example.com',
      max_emails_per_day: 50,
      min_gap_minutes: 4,
      timezone: 'Europe/Berlin',
      signature: '<p>Ann — <b>Example</b></p>',
      dkim_identifier: 's2026',
      dkim_domain: 'example.com',
      has_dkim_key: true,
      connected: true,
      connecting: false,
      has_error: false,
      warmup_active: false,
      warmup_paused: false,
      paused: false,
      needs_attention: false,
      status: 'active',
      status_reason: '',
    });
    expect(full.created_at).toBe('2026-03-02T10:00:00.000Z');
  });

  it('keeps passwords and the DKIM key sealed at rest, and they open with the server’s key', async () => {
    const row = await t()
      .server.store.db.kysely.selectFrom('senders')
      .selectAll()
      .where('id', '=', full.id)
      .executeTakeFirstOrThrow();
    const raw = JSON.stringify(row);
    expectNoSecrets(raw);
    expect(row.smtp_password_enc).toMatch(/^v1:/);
    const box = new SecretBox(TEST_SECRET_KEY);
    expect(box.open(row.smtp_password_enc, 'senders.smtp_password')).toBe(PASSWORD);
    expect(box.open(row.imap_password_enc, 'senders.imap_password')).toBe(IMAP_PASSWORD);
    expect(box.open(row.dkim_private_key_enc, 'senders.dkim_private_key')).toBe(DKIM_PEM.trim());
  });

  it('never answers a secret: list, get, patch', async () => {
    const { call, admin } = t();
    for (const res of [
      await call(admin, 'GET', `${V1}/senders`),
      await call(admin, 'GET', `${V1}/senders/${full.id}`),
      await call(admin, 'PATCH', `${V1}/senders/${full.id}`, { signature: '<p>Ann</p>' }),
    ]) {
      expectOk(res);
      expectNoSecrets(res.body);
      expect(res.body).not.toMatch(/"(password|smtp_password|imap_password|dkim_private_key)"/);
    }
  });

  it('accepts the camelCase and CLI aliases, and a numeric string port', async () => {
    t().clock.advance(1000); // ids are time-ordered: one creation per second keeps "latest first" exact
    const res = await t().call(t().admin, 'POST', `${V1}/senders`, {
      email: 'bob@example.com',
      senderName: 'Bob',
      smtpHost: 'mail.example.com',
      smtpPort: '465',
      smtpUsername: 'bob-login',
      smtpPassword: PASSWORD,
      imapHost: 'imap.example.com',
      imapPort: 143,
      imapUsername: 'bob-imap',
      imapPassword: IMAP_PASSWORD,
      reply_to: 'r@example.com',
      dkim_identifier: 'mail._domainkey.bounce.example.com',
    });
    expectNoSecrets(res.body);
    expect(expectOk<Sender>(res).data).toMatchObject({
      email: 'bob@example.com',
      from_name: 'Bob',
      smtp_host: 'mail.example.com',
      smtp_port: 465,
      smtp_secure: true,
      user_name: 'bob-login',
      imap_port: 143,
      imap_secure: false,
      imap_user_name: 'bob-imap',
      reply_to_email: 'r@example.com',
      dkim_selector: 'mail',
      dkim_domain: 'bounce.example.com',
      has_dkim_key: false,
    });
    t().clock.advance(1000);
    const smtpOnly = expectOk<Sender>(
      await t().call(t().admin, 'POST', `${V1}/senders`, salesblinkBody('carl@example.com', { smtp_port: '2525' })),
    ).data;
    expect(smtpOnly).toMatchObject({ serviceName: 'smtponly', imap_host: '', imap_port: 0, smtp_port: 2525 });
    expect(smtpOnly).toMatchObject({
      max_emails_per_day: 30,
      timezone: 'UTC',
      min_gap_minutes: 0,
      user_name: 'carl@example.com',
    });
  });

  it.each([
    [{ password: 'x', smtp_host: 'h.example.com', smtp_port: 587 }, 'from_email is required'],
    [salesblinkBody('a@example.com', { password: undefined }), 'password is required'],
    [salesblinkBody('a@example.com', { smtp_host: undefined }), 'smtp_host is required'],
    [salesblinkBody('a@example.com', { smtp_port: undefined }), 'smtp_port is required'],
    [salesblinkBody('not-an-email'), 'from_email is not a valid email address'],
    [salesblinkBody('a@example.com', { smtp_port: 'abc' }), 'smtp_port must be a port number from 1 to 65535'],
    [salesblinkBody('a@example.com', { smtp_port: true }), 'smtp_port must be'],
    [salesblinkBody('a@example.com', { smtp_port: 587.5 }), 'smtp_port must be'],
    [salesblinkBody('a@example.com', { password: 12345 }), 'password must be a string'],
    [
      salesblinkBody('a@example.com', { smtp_port: undefined, smtpPort: 70000 }),
      'smtpPort must be a port number from 1 to 65535',
    ],
    [salesblinkBody('a@example.com', { smtpHost: 'other.example.com' }), 'smtp_host and smtpHost disagree'],
    [salesblinkBody('a@example.com', { smtp_host: 'bad host' }), 'smtp_host is not a host name'],
    [salesblinkBody('a@example.com', { timezone: 'Mars/Olympus' }), 'timezone is not a known IANA time zone'],
    [salesblinkBody('a@example.com', { max_emails_per_day: 0 }), 'max_emails_per_day'],
    [salesblinkBody('a@example.com', { reply_to_email: 'nope' }), 'reply_to_email is not a valid email address'],
    [salesblinkBody('a@example.com', { dkim_private_key: 'not a key', dkim_selector: 's' }), 'dkim_private_key is not'],
    [salesblinkBody('a@example.com', { dkim_private_key: DKIM_PEM }), 'dkim_selector is required'],
    [salesblinkBody('a@example.com', { imap_port: 993 }), 'imap_host is required with imap_port'],
    [
      salesblinkBody('a@example.com', { from_name: 'Ann\r\nBcc: x@example.com' }),
      'from_name must not contain line breaks',
    ],
    [
      salesblinkBody('a@example.com', { custom_tracking_url: 'ftp://t.example.com' }),
      'custom_tracking_url must be an http(s) URL',
    ],
  ])('400 naming the field: %#', async (body, message) => {
    const res = await t().call(t().admin, 'POST', `${V1}/senders`, body);
    const failure = expectError(res, 400, 'invalid_request');
    expect(failure.message).toContain(message);
    expectNoSecrets(res.body);
  });

  it('one sender per address: a second is a 409', async () => {
    const res = await t().call(t().admin, 'POST', `${V1}/senders`, salesblinkBody('ANN@example.com'));
    expect(expectError(res, 409, 'conflict').message).toContain('already exists');
  });

  it('lists a flat array, latest first, with search, status and paging', async () => {
    const { call, admin } = t();
    const all = expectOk<Sender[]>(await call(admin, 'GET', `${V1}/senders`));
    expect(all.data.map((s) => s.email)).toEqual(['carl@example.com', 'bob@example.com', 'Ann@Example.com']);
    expect(all).toMatchObject({ count: 3 });
    const found = expectOk<Sender[]>(await call(admin, 'GET', `${V1}/senders?search=ANN`));
    expect(found.data.map((s) => s.id)).toEqual([full.id]);
    const byName = expectOk<Sender[]>(await call(admin, 'GET', `${V1}/senders?search=bob`));
    expect(byName.data).toHaveLength(1);
    const page = expectOk<Sender[]>(await call(admin, 'GET', `${V1}/senders?limit=1&skip=1&folder=x&owned_by=y`));
    expect(page).toMatchObject({ count: 1, limit: 1, skip: 1, data: [{ email: 'bob@example.com' }] });
    const active = expectOk<Sender[]>(await call(admin, 'GET', `${V1}/senders?status=active`));
    expect(active.data).toHaveLength(3);
    const bad = expectError(await call(admin, 'GET', `${V1}/senders?status=sleeping`), 400, 'invalid_request');
    expect(bad.message).toContain('status must be one of');
  });

  it('is served on the v1 prefix only', async () => {
    expectError(await t().call(t().admin, 'GET', '/api/public/senders'), 404, 'not_found');
  });
});
