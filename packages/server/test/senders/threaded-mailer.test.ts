import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableParallelism } from 'node:os';
import { NOT_ATTEMPTED, type OutgoingMessage, type SmtpAccount } from '../../src/app/ports.js';
import { DEFAULT_MAIL_THREADS, loadConfig } from '../../src/config.js';
import { ThreadedMailer } from '../../src/mail/threaded-mailer.js';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';

const USER = 'mailer@example.com';
const PASSWORD = 'right-password';
const FRAGILE = new URL('../support/fragile-mailer-thread.mjs', import.meta.url);
const UNLOADABLE = new URL('../support/unloadable-mailer-thread.mjs', import.meta.url);

const account = (id: string, port: number): SmtpAccount => ({
  id,
  host: '127.0.0.1',
  port,
  secure: false,
  user: USER,
  password: PASSWORD,
});

const message = (n: number, subject = `Note ${n}`): OutgoingMessage => ({
  from: { name: 'Ann Seller', address: USER },
  to: `lead${n}@example.net`,
  subject,
  html: `<p>Note ${n}</p>`,
  text: `Note ${n}`,
  messageId: `<threaded.${n}@example.com>`,
});

describe('ThreadedMailer over two threads', () => {
  let sink: SmtpSink;
  const mailer = new ThreadedMailer({ threads: 2, smtp: { maxConnections: 1 } });
  beforeAll(async () => {
    sink = await startSmtpSink({ user: USER, password: PASSWORD });
  });
  afterAll(async () => {
    await mailer.close();
    await sink.close();
  });

  it('delivers every message of several senders sent at once, each sender over its own single connection', async () => {
    const senders = ['sender-a', 'sender-b', 'sender-c', 'sender-d'];
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, (_, n) => mailer.send(account(senders[n % 4]!, sink.port), message(n))),
    );
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(sink.messages.map((m) => m.to[0]).sort()).toEqual(
      Array.from({ length: 40 }, (_, n) => `lead${n}@example.net`).sort(),
    );
    // maxConnections 1 per sender holds because a sender's pool lives in one thread: four senders, four sessions.
    expect(new Set(sink.messages.map((m) => m.sessionId)).size).toBe(4);
  });

  it('close() ends the pooled connections of both threads', async () => {
    await mailer.close();
    await sink.allClosed();
    expect(sink.openSessions()).toBe(0);
  });
});

describe('ThreadedMailer when its thread dies', () => {
  const mailer = new ThreadedMailer({ threads: 1, script: FRAGILE });
  afterAll(() => mailer.close());

  it('answers the sends in flight as delivery unknown during DATA, which the engine marks uncertain', async () => {
    const [dying, beside] = await Promise.all([
      mailer.send(account('s', 2525), message(1, 'die')),
      mailer.send(account('s', 2525), message(2)),
    ]);
    for (const outcome of [dying, beside]) {
      expect(outcome).toMatchObject({ ok: false, kind: 'transient', command: 'DATA' });
      expect(outcome.ok ? '' : outcome.response).toBe(
        'the mail thread stopped (exit code 3) while sending; delivery unknown',
      );
    }
  });

  it('starts a new thread for the next send', async () => {
    const outcome = await mailer.send(account('s', 2525), message(3));
    expect(outcome).toEqual({
      ok: true,
      response: '250 accepted by the stand-in thread',
      messageId: '<threaded.3@example.com>',
    });
  });
});

describe('ThreadedMailer when its thread cannot start', () => {
  const mailer = new ThreadedMailer({ threads: 1, script: UNLOADABLE });
  afterAll(() => mailer.close());

  it('answers the sends as not attempted (retried, no attempt counted): nothing can have been sent', async () => {
    const outcomes = await Promise.all([1, 2].map((n) => mailer.send(account('s', 2525), message(n))));
    for (const outcome of outcomes) {
      expect(outcome).toMatchObject({ ok: false, kind: 'transient', command: NOT_ATTEMPTED });
      expect(outcome.ok ? '' : outcome.response).toBe(
        'the mail thread did not start (cannot load the mail thread); nothing was sent',
      );
    }
  });
});

describe('ThreadedMailer with a message it cannot hand over, and after close()', () => {
  const mailer = new ThreadedMailer({ threads: 1, script: FRAGILE });
  afterAll(() => mailer.close());

  it('answers a message that cannot be copied to the thread as not sendable, and goes on with the next', async () => {
    const uncopyable = { ...message(1), headers: { 'X-Bad': () => 'a function' } } as unknown as OutgoingMessage;
    const refused = await mailer.send(account('s', 2525), uncopyable);
    expect(refused).toMatchObject({ ok: false, kind: 'invalid' });
    expect(refused.ok ? '' : refused.response).toMatch(/^the message could not be handed to the mail thread: /);
    expect(await mailer.send(account('s', 2525), message(2))).toMatchObject({ ok: true });
  });

  it('works again after close(): the next send starts a new thread', async () => {
    await mailer.close();
    expect(await mailer.send(account('s', 2525), message(3))).toMatchObject({ ok: true });
  });
});

describe('BLINKPOST_MAIL_THREADS', () => {
  it('defaults to one thread on a machine with a second core, none on one core', () => {
    expect(DEFAULT_MAIL_THREADS).toBe(availableParallelism() > 1 ? 1 : 0);
    expect(loadConfig({}, {}).mailThreads).toBe(DEFAULT_MAIL_THREADS);
  });

  it('takes a count, 0 meaning the engine’s own thread, and refuses anything else naming the variable', () => {
    expect(loadConfig({}, { BLINKPOST_MAIL_THREADS: '0' }).mailThreads).toBe(0);
    expect(loadConfig({}, { BLINKPOST_MAIL_THREADS: '3' }).mailThreads).toBe(3);
    expect(() => loadConfig({}, { BLINKPOST_MAIL_THREADS: 'two' })).toThrow(
      /BLINKPOST_MAIL_THREADS must be a whole number, got "two"/,
    );
  });
});
