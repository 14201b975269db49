import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImapChecker } from '../../src/mail/imap-check.js';
import { startImapResponder, type ImapResponder } from '../support/imap-responder.js';

describe('ImapChecker logs in over IMAP and reports the server’s words', () => {
  let imap: ImapResponder;
  const checker = new ImapChecker({ connectionTimeout: 2000, greetingTimeout: 2000, socketTimeout: 5000 });
  const account = (password: string, port?: number) => ({
    host: '127.0.0.1',
    port: port ?? imap.port,
    secure: false,
    user: 'mailer@example.com',
    password,
  });

  beforeAll(async () => {
    imap = await startImapResponder({ user: 'mailer@example.com', password: 'imap "quoted" pass' });
  });
  afterAll(async () => {
    await imap.close();
  });

  it('a good login answers ok with the greeting', async () => {
    const outcome = await checker.check(account('imap "quoted" pass'));
    expect(outcome).toEqual({ ok: true, response: expect.stringContaining('Blinkpost test IMAP ready') as unknown });
    expect(imap.logins).toContain('mailer@example.com');
  });

  it('a refused login is an auth outcome with the server’s NO text', async () => {
    const outcome = await checker.check(account('wrong'));
    expect(outcome).toMatchObject({ ok: false, kind: 'auth' });
    expect(outcome.ok ? '' : outcome.response).toContain('Invalid credentials');
  });

  it('a port nobody listens on is transient', async () => {
    const outcome = await checker.check(account('x', 1));
    expect(outcome).toMatchObject({ ok: false, kind: 'transient' });
    expect(outcome.ok ? '' : outcome.response).toMatch(/ECONNREFUSED/);
  });
});
