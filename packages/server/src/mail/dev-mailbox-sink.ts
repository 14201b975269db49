import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A message the dev mailbox caught, parsed. */
export interface CaughtMail {
  /** the SMTP login it came in under: which sender sent it */
  login: string;
  /** the From header as written, e.g. `"Ada" <ada@example.com>`; the envelope sender without one */
  from: string;
  /** the To header as written; the envelope recipients without one */
  to: string;
  subject: string;
  text: string;
  html: string;
  /** the Message-ID header, angle brackets kept; '' without one */
  messageId: string;
}

/** The loopback SMTP server of `--dev-mailbox`; `close` stops it. */
export interface DevMailboxSink {
  host: string;
  port: number;
  close(): Promise<void>;
}

// Demo mail is small; a runaway message must not fill the server's memory.
const MAX_MESSAGE_BYTES = 5 * 1024 * 1024;

const addressText = (a: AddressObject | AddressObject[] | undefined): string =>
  a === undefined ? '' : Array.isArray(a) ? a.map((x) => x.text).join(', ') : a.text;

/**
 * Starts an SMTP server on 127.0.0.1 at a free port that takes any login, catches every message
 * (no TLS: it never leaves the machine) and hands each one, parsed, to `caught`.
 */
export async function startDevMailboxSink(
  caught: (mail: CaughtMail) => void,
  onError: (err: unknown) => void,
): Promise<DevMailboxSink> {
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authMethods: ['PLAIN', 'LOGIN'],
    allowInsecureAuth: true,
    size: MAX_MESSAGE_BYTES,
    logger: false,
    banner: 'Blinkpost dev mailbox: nothing sent here leaves this machine',
    // the engine's pooled connections must not hold a shutdown for the default 30 s
    closeTimeout: 100,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username ?? '' });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        const envelopeTo = session.envelope.rcptTo.map((r) => r.address).join(', ');
        simpleParser(raw).then(
          (parsed) => {
            caught({
              login: typeof session.user === 'string' ? session.user : '',
              from: addressText(parsed.from) || envelopeFrom,
              to: addressText(parsed.to) || envelopeTo,
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              messageId: parsed.messageId ?? '',
            });
            callback(null, 'Caught by the Blinkpost dev mailbox');
          },
          (err: unknown) => {
            onError(err);
            callback(
              Object.assign(new Error('4.3.0 the dev mailbox could not read this message'), { responseCode: 451 }),
            );
          },
        );
      });
    },
  });
  // A client that drops its connection is its own problem, not the server's.
  server.on('error', onError);
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
