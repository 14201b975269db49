import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/app-error.js';
import { ignoredSenderFields, resolveSenderSettings } from '../../src/domain/sender-settings.js';

const created = resolveSenderSettings({
  from_email: 'ann@example.com',
  password: 'mailbox-pw',
  smtp_host: 'smtp.example.com',
  smtp_port: 587,
  imap_host: 'imap.example.com',
});

const messageOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err.message;
    throw err;
  }
  return '';
};

describe('resolveSenderSettings', () => {
  it('fills SalesBlink’s defaults: login = address, IMAP 993 over TLS with the mailbox password, cap 30, UTC', () => {
    expect(created).toMatchObject({
      smtp: { host: 'smtp.example.com', port: 587, secure: false, user: 'ann@example.com', password: 'mailbox-pw' },
      imap: { host: 'imap.example.com', port: 993, secure: true, user: 'ann@example.com', password: 'mailbox-pw' },
      maxEmailsPerDay: 30,
      minGapMinutes: 0,
      timezone: 'UTC',
      dkim: { selector: '', domain: 'example.com', privateKey: '' },
    });
  });

  it('smtp_password and imap_password set one login each; password is the mailbox’s', () => {
    const split = resolveSenderSettings({ smtp_password: 'smtp-only' }, created);
    expect(split.smtp.password).toBe('smtp-only');
    expect(split.imap?.password).toBe('mailbox-pw');
    const both = resolveSenderSettings({ password: 'new-pw' }, split);
    expect([both.smtp.password, both.imap?.password]).toEqual(['new-pw', 'new-pw']);
    const imapOnly = resolveSenderSettings({ imap_password: 'imap-pw' }, both);
    expect([imapOnly.smtp.password, imapOnly.imap?.password]).toEqual(['new-pw', 'imap-pw']);
  });

  it('a PATCH keeps what it does not name, and TLS follows a new port unless told', () => {
    const moved = resolveSenderSettings({ smtp_port: '465' }, created);
    expect(moved.smtp).toMatchObject({ port: 465, secure: true, host: 'smtp.example.com', password: 'mailbox-pw' });
    expect(resolveSenderSettings({ smtp_host: 'relay.example.com' }, moved).smtp.secure).toBe(true);
    expect(resolveSenderSettings({ smtp_port: 587, smtp_secure: true }, moved).smtp.secure).toBe(true);
  });

  it.each([
    [{ smtp_host: 'a.example.com', smtpHost: 'b.example.com' }, 'smtp_host and smtpHost disagree; send one of them'],
    [{ user_name: 'a', smtp_username: 'b' }, 'user_name and smtp_username disagree; send one of them'],
    [{ dkim_selector: 'a', dkim_identifier: 'b._domainkey.example.com' }, 'dkim_selector and dkim_identifier disagree'],
    [{ imap_port: 'x' }, 'imap_port must be a port number from 1 to 65535'],
    [{ dkim_domain: 'not a domain' }, 'dkim_domain is not a domain name'],
    [{ custom_tracking_url: 'https://t.example.com/?x=1' }, 'custom_tracking_url must be a plain base URL'],
  ])('refuses %j', (body, message) => {
    expect(messageOf(() => resolveSenderSettings(body, created))).toContain(message);
  });

  it('names the fields it does not act on', () => {
    expect(
      ignoredSenderFields({ from_email: 'x', warmup_enabled: true, smtp_hots: 'typo' }, { creating: true }),
    ).toEqual(['warmup_enabled', 'smtp_hots']);
    expect(ignoredSenderFields({ from_email: 'x', signature: '' }, { creating: false })).toEqual(['from_email']);
  });
});
