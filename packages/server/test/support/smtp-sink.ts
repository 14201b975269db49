import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

/** A message the sink accepted, as it arrived on the wire. */
export interface ReceivedMail {
  from: string;
  to: string[];
  /** the raw message, headers and body, exactly as received */
  raw: string;
  /** the SMTP session it came in, to tell pooled connections apart */
  sessionId: string;
}

/** A refusal the sink answers with, e.g. `{ code: 451, message: '4.3.0 Try again later' }`. */
export interface SinkReply {
  code: number;
  message: string;
}

/** How the sink behaves. */
export interface SmtpSinkOptions {
  /** the one login it accepts */
  user?: string;
  password?: string;
  /** answer RCPT TO with this refusal (for every recipient, or the ones the function picks) */
  rcptReply?: SinkReply | ((address: string) => SinkReply | undefined);
  /** answer the end of DATA with this refusal */
  dataReply?: SinkReply;
}

/** A real SMTP server on loopback (the `smtp-server` package), with AUTH PLAIN/LOGIN and no TLS. */
export interface SmtpSink {
  port: number;
  messages: ReceivedMail[];
  /** sessions opened so far, and sessions open now */
  sessionsOpened: number;
  openSessions(): number;
  /** resolves when no session is open */
  allClosed(): Promise<void>;
  close(): Promise<void>;
}

const refusal = (reply: SinkReply): Error => Object.assign(new Error(reply.message), { responseCode: reply.code });

/** Starts a sink on 127.0.0.1 at a free port. */
export async function startSmtpSink(opts: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const user = opts.user ?? 'mailer@example.com';
  const password = opts.password ?? 'right-password';
  const messages: ReceivedMail[] = [];
  let opened = 0;
  const open = new Set<string>();
  let waiters: (() => void)[] = [];
  const settle = () => {
    if (open.size > 0) return;
    const ws = waiters;
    waiters = [];
    for (const w of ws) w();
  };

  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authMethods: ['PLAIN', 'LOGIN'],
    allowInsecureAuth: true,
    logger: false,
    // a pooled client left open must not hold a test's teardown for the default 30 s
    closeTimeout: 100,
    onConnect(session, callback) {
      opened += 1;
      open.add(session.id);
      callback();
    },
    onClose(session) {
      open.delete(session.id);
      settle();
    },
    onAuth(auth, _session, callback) {
      if (auth.username === user && auth.password === password) return callback(null, { user });
      return callback(Object.assign(new Error('5.7.8 Authentication credentials invalid'), { responseCode: 535 }));
    },
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      const reply = typeof opts.rcptReply === 'function' ? opts.rcptReply(address.address) : opts.rcptReply;
      callback(reply ? refusal(reply) : undefined);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (opts.dataReply) return callback(refusal(opts.dataReply));
        const mailFrom = session.envelope.mailFrom;
        messages.push({
          from: mailFrom ? mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          sessionId: session.id,
        });
        callback(null, 'Message queued as sink-1');
      });
    },
  });
  // A client that dies mid-session (kill -9) resets its connection: that is the sender's fault, not the sink's.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    messages,
    get sessionsOpened() {
      return opened;
    },
    openSessions: () => open.size,
    allClosed: () =>
      new Promise<void>((resolve) => {
        waiters.push(resolve);
        settle();
      }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
