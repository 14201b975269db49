import { generateKeyPairSync } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { OutgoingMessage, SmtpAccount } from '../../src/app/ports.js';
import { SmtpMailer, type SmtpMailerOptions } from '../../src/mail/smtp-mailer.js';
import { ThreadedMailer } from '../../src/mail/threaded-mailer.js';
import { verifyDkim } from '../support/dkim-verify.js';
import { startSmtpSink, type SinkReply, type SmtpSink, type SmtpSinkOptions } from '../support/smtp-sink.js';

const USER = 'mailer@example.com';
const PASSWORD = 'right-password';
const CLOSED_PORT = 1; // nothing listens on port 1 of loopback

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PRIVATE_PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

const account = (port: number, extra: Partial<SmtpAccount> = {}): SmtpAccount => ({
  id: `sender-${port}`,
  host: '127.0.0.1',
  port,
  secure: false,
  user: USER,
  password: PASSWORD,
  ...extra,
});

const message = (extra: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
  from: { name: 'Ann Seller', address: USER },
  to: 'lead@example.net',
  subject: 'Quick question',
  html: '<p>Hello there,</p><p>Do you have a minute?</p>',
  text: 'Hello there,\n\nDo you have a minute?',
  messageId: '<20260302.abc123@example.com>',
  ...extra,
});

// Both adapters keep one contract: on the engine's thread, and on a mail thread (the default on a
// machine with a second core).
const MAILERS: [string, (o?: SmtpMailerOptions) => SmtpMailer | ThreadedMailer][] = [
  ['SmtpMailer', (o) => new SmtpMailer(o)],
  ['ThreadedMailer', (o) => new ThreadedMailer({ threads: 1, ...(o ? { smtp: o } : {}) })],
];

describe.each(MAILERS)('%s', (_name, make) => {
  /** A sink and a mailer for one test, both closed after it. */
  function useSink(opts: SmtpSinkOptions = {}) {
    let sink: SmtpSink | undefined;
    const mailer = make({ connectionTimeout: 2000, greetingTimeout: 2000, socketTimeout: 5000 });
    beforeAll(async () => {
      sink = await startSmtpSink({ user: USER, password: PASSWORD, ...opts });
    });
    afterAll(async () => {
      await mailer.close();
      await sink?.close();
    });
    return () => ({ sink: sink!, mailer });
  }

  describe('verify against a real SMTP server on loopback', () => {
    const t = useSink();

    it('logs in and answers the server’s own words', async () => {
      const { sink, mailer } = t();
      const outcome = await mailer.verify(account(sink.port));
      expect(outcome).toEqual({ ok: true, response: expect.stringMatching(/^235 /) as unknown });
    });

    it('a wrong password is an auth outcome with the 535 the server said', async () => {
      const { sink, mailer } = t();
      const outcome = await mailer.verify(account(sink.port, { password: 'wrong' }));
      expect(outcome).toMatchObject({ ok: false, kind: 'auth', code: 535 });
      expect(outcome.ok ? '' : outcome.response).toContain('Authentication credentials invalid');
    });

    it('a port nobody listens on is a transient outcome naming the network error', async () => {
      const { mailer } = t();
      const outcome = await mailer.verify(account(CLOSED_PORT));
      expect(outcome).toMatchObject({ ok: false, kind: 'transient' });
      expect(outcome.ok ? '' : outcome.response).toMatch(/ECONNREFUSED/);
    });
  });

  describe('send delivers a well-formed, DKIM-signed message', () => {
    const t = useSink();
    const dkim = { domain: 'example.com', selector: 's2026', privateKey: PRIVATE_PEM };
    const threaded = message({
      replyTo: 'replies@example.com',
      inReplyTo: '<first.1@example.com>',
      references: ['<first.1@example.com>'],
      subject: 'Re: Quick question',
      headers: {
        'List-Unsubscribe': '<https://t.example.com/u/abc>, <mailto:unsubscribe@example.com?subject=abc>',
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        'X-Blinkpost-Lead': 'lead-42',
      },
    });

    it('the sink receives the headers exactly as given, and the outcome carries the Message-ID', async () => {
      const { sink, mailer } = t();
      const outcome = await mailer.send(account(sink.port, { dkim }), threaded);
      expect(outcome).toEqual({
        ok: true,
        response: expect.stringMatching(/^250 /) as unknown,
        messageId: threaded.messageId,
      });
      expect(sink.messages).toHaveLength(1);
      const got = sink.messages[0]!;
      expect(got.from).toBe(USER);
      expect(got.to).toEqual(['lead@example.net']);
      const parsed = await simpleParser(got.raw);
      expect(parsed.from?.value).toEqual([{ name: 'Ann Seller', address: USER }]);
      expect(parsed.replyTo?.text).toBe('replies@example.com');
      expect(parsed.messageId).toBe('<20260302.abc123@example.com>');
      expect(parsed.inReplyTo).toBe('<first.1@example.com>');
      expect(parsed.references).toBe('<first.1@example.com>');
      expect(parsed.subject).toBe('Re: Quick question');
      expect(got.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r$/m);
      expect(parsed.headers.get('x-blinkpost-lead')).toBe('lead-42');
      const unfolded = got.raw.replace(/\r\n[ \t]+/g, ' ');
      expect(unfolded).toContain(
        'List-Unsubscribe: <https://t.example.com/u/abc>, <mailto:unsubscribe@example.com?subject=abc>\r\n',
      );
      expect(parsed.html).toContain('Do you have a minute?');
      expect(parsed.text).toContain('Do you have a minute?');
    });

    it('the DKIM signature verifies with the public key and covers the headers that matter', () => {
      const { sink } = t();
      const check = verifyDkim(sink.messages[0]!.raw, publicKey);
      expect(check.reason).toBe('');
      expect(check.ok).toBe(true);
      expect(check.tags).toMatchObject({ d: 'example.com', s: 's2026', a: 'rsa-sha256', c: 'relaxed/relaxed' });
      for (const h of ['from', 'to', 'subject', 'message-id', 'date', 'reply-to', 'in-reply-to', 'references']) {
        expect(check.signedHeaders).toContain(h);
      }
      expect(check.signedHeaders).toContain('list-unsubscribe');
      expect(check.signedHeaders).toContain('list-unsubscribe-post');
    });

    it('the same check fails once a signed header or the body is changed', () => {
      const raw = t().sink.messages[0]!.raw;
      expect(
        verifyDkim(raw.replace('Subject: Re: Quick question', 'Subject: Re: Quick questions'), publicKey),
      ).toMatchObject({
        ok: false,
        reason: 'the RSA signature does not verify',
      });
      expect(verifyDkim(raw.replace('Do you have a minute?', 'Do you have an hour?'), publicKey).reason).toMatch(
        /^body hash/,
      );
      const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
      expect(verifyDkim(raw, other).ok).toBe(false);
    });

    it('a sender without a key sends unsigned', async () => {
      const { sink, mailer } = t();
      const outcome = await mailer.send(
        account(sink.port, { id: 'unsigned' }),
        message({ messageId: '<unsigned.1@example.com>' }),
      );
      expect(outcome.ok).toBe(true);
      expect(sink.messages.at(-1)!.raw).not.toMatch(/^DKIM-Signature:/im);
    });

    it('refuses a line break in any header value without sending a byte', async () => {
      const { sink, mailer } = t();
      const before = sink.messages.length;
      const attempts: Partial<OutgoingMessage>[] = [
        { subject: 'Hi\r\nBcc: victim@example.org' },
        { from: { name: 'Ann\nX-Evil: 1', address: USER } },
        { to: 'lead@example.net\r\nBcc: victim@example.org' },
        { replyTo: 'a@example.com\nX: y' },
        { inReplyTo: '<a@b>\r\nX: y' },
        { references: ['<a@b>', '<c@d>\nX: y'] },
        { headers: { 'List-Unsubscribe': '<https://x>\r\nBcc: victim@example.org' } },
        { headers: { 'Bad Name': 'x' } },
        { headers: { Bcc: 'victim@example.org' } },
        { messageId: 'no-brackets@example.com' },
      ];
      for (const extra of attempts) {
        const outcome = await mailer.send(account(sink.port), message(extra));
        expect(outcome, JSON.stringify(extra)).toMatchObject({ ok: false, kind: 'invalid' });
      }
      expect(sink.messages.length).toBe(before);
    });

    it('pools one connection per sender for consecutive sends, and close() ends it', async () => {
      const sink = await startSmtpSink({ user: USER, password: PASSWORD });
      const mailer = make({ maxConnections: 1 });
      try {
        for (let i = 0; i < 3; i++) {
          expect((await mailer.send(account(sink.port), message({ messageId: `<pool.${i}@example.com>` }))).ok).toBe(
            true,
          );
        }
        expect(new Set(sink.messages.map((m) => m.sessionId)).size).toBe(1);
        expect(sink.openSessions()).toBe(1);
        await mailer.close();
        await sink.allClosed();
        expect(sink.openSessions()).toBe(0);
      } finally {
        await mailer.close();
        await sink.close();
      }
    });
  });

  describe('send turns the server’s refusals into outcomes', () => {
    const cases: { name: string; sink: { rcptReply?: SinkReply; dataReply?: SinkReply }; expected: object }[] = [
      {
        name: '421 at RCPT → transient',
        sink: { rcptReply: { code: 421, message: '4.7.0 Too many connections, try later' } },
        expected: { ok: false, kind: 'transient', code: 421 },
      },
      {
        name: '451 at RCPT → transient',
        sink: { rcptReply: { code: 451, message: '4.7.1 Greylisted, come back later' } },
        expected: { ok: false, kind: 'transient', code: 451, command: 'RCPT TO' },
      },
      {
        name: '451 at the end of DATA → transient',
        sink: { dataReply: { code: 451, message: '4.3.0 Local error in processing' } },
        expected: { ok: false, kind: 'transient', code: 451 },
      },
      {
        name: '550 at RCPT → permanent',
        sink: { rcptReply: { code: 550, message: '5.1.1 No such user here' } },
        expected: { ok: false, kind: 'permanent', code: 550 },
      },
      {
        name: '552 at the end of DATA → permanent',
        sink: { dataReply: { code: 552, message: '5.3.4 Message too big' } },
        expected: { ok: false, kind: 'permanent', code: 552 },
      },
    ];
    const sinks: SmtpSink[] = [];
    const mailer = make({ connectionTimeout: 2000, greetingTimeout: 2000, socketTimeout: 5000 });
    afterEach(async () => {
      await mailer.close();
      for (const s of sinks.splice(0)) await s.close();
    });

    for (const c of cases) {
      it(c.name, async () => {
        const sink = await startSmtpSink({ user: USER, password: PASSWORD, ...c.sink });
        sinks.push(sink);
        const outcome = await mailer.send(account(sink.port), message());
        expect(outcome).toMatchObject(c.expected);
        const words = (c.sink.rcptReply ?? c.sink.dataReply)!.message;
        expect(outcome.ok ? '' : outcome.response).toContain(words);
        expect(sink.messages).toHaveLength(0);
      });
    }

    it('535 at login → auth', async () => {
      const sink = await startSmtpSink({ user: USER, password: 'changed-password' });
      sinks.push(sink);
      const outcome = await mailer.send(account(sink.port), message());
      expect(outcome).toMatchObject({ ok: false, kind: 'auth', code: 535 });
    });

    it('a refused connection → transient', async () => {
      const outcome = await mailer.send(account(CLOSED_PORT), message());
      expect(outcome).toMatchObject({ ok: false, kind: 'transient' });
    });

    it('the lead refused but a Bcc copy taken → permanent for the lead', async () => {
      const sink = await startSmtpSink({
        user: USER,
        password: PASSWORD,
        rcptReply: (address) =>
          address === 'lead@example.net' ? { code: 550, message: '5.1.1 No such user' } : undefined,
      });
      sinks.push(sink);
      const outcome = await mailer.send(account(sink.port), message({ bcc: ['archive@example.com'] }));
      expect(outcome).toMatchObject({ ok: false, kind: 'permanent', code: 550 });
      expect(sink.messages.map((m) => m.to)).toEqual([['archive@example.com']]);
    });
  });
});
