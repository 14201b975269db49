import nodemailer, { type Mail } from 'nodemailer';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import type { SMTPPoolSentMessageInfo } from 'nodemailer/lib/smtp-pool';
import type { LoginOutcome, Mailer, OutgoingMessage, SendOutcome, SmtpAccount } from '../app/ports.js';
import { messageProblem, toMailOptions } from './outgoing-message.js';
import { classifySmtpError } from './smtp-outcome.js';

/** Timeouts and pool sizes; the defaults suit real mail servers, tests shorten them. */
export interface SmtpMailerOptions {
  /** ms to open the TCP (and TLS) connection */
  connectionTimeout?: number;
  /** ms to wait for the 220 greeting */
  greetingTimeout?: number;
  /** ms of silence in a session before giving up */
  socketTimeout?: number;
  /** open connections per sender */
  maxConnections?: number;
  /** ms an idle pooled connection stays open */
  idleTimeout?: number;
  /** the name we greet with (EHLO); the machine's host name when absent */
  name?: string;
}

type Transport = Mail<SMTPPoolSentMessageInfo>;

/** Open connections per sender unless told otherwise: few, as mailbox providers limit them per account. */
export const DEFAULT_CONNECTIONS_PER_SENDER = 3;

// The transport options that make up a sender's pool; a change of any of them opens a new pool.
// Compared as text on every send: hashing it cost more than the comparison (5 µs a send).
function fingerprint(a: SmtpAccount): string {
  return JSON.stringify([a.host, a.port, a.secure, a.user, a.password, a.dkim ?? null]);
}

/** The SMTP adapter: pooled nodemailer transports per sender, outcomes instead of exceptions. */
export class SmtpMailer implements Mailer {
  private readonly pools = new Map<string, { fingerprint: string; transport: Transport }>();
  private readonly options: Required<Omit<SmtpMailerOptions, 'name'>> & { name?: string };

  constructor(options: SmtpMailerOptions = {}) {
    this.options = {
      connectionTimeout: options.connectionTimeout ?? 30_000,
      greetingTimeout: options.greetingTimeout ?? 30_000,
      socketTimeout: options.socketTimeout ?? 120_000,
      maxConnections: options.maxConnections ?? DEFAULT_CONNECTIONS_PER_SENDER,
      idleTimeout: options.idleTimeout ?? 60_000,
      ...(options.name ? { name: options.name } : {}),
    };
  }

  get connectionsPerSender(): number {
    return this.options.maxConnections;
  }

  /** Connects, logs in and quits; answers the server's reply to the login (or to EHLO when it asks none). */
  verify(account: SmtpAccount): Promise<LoginOutcome> {
    return new Promise((resolve) => {
      let settled = false;
      let conn: SMTPConnection;
      const finish = (outcome: LoginOutcome, quit: boolean) => {
        if (settled) return;
        settled = true;
        resolve(outcome);
        if (quit) conn.quit();
        else conn.close();
      };
      try {
        conn = new SMTPConnection({ ...this.connectionOptions(account) });
      } catch (err) {
        resolve(classifySmtpError(err));
        return;
      }
      // `on`, not `once`: a late socket error with no listener would take the process down.
      conn.on('error', (err) => finish(classifySmtpError(err), false));
      conn.once('end', () =>
        finish({ ok: false, kind: 'transient', response: 'the server closed the connection' }, false),
      );
      conn.connect((err) => {
        if (err) return finish(classifySmtpError(err), false);
        if (!conn.allowsAuth) {
          const words = conn.lastServerResponse || 'connected';
          return finish({ ok: true, response: `the server asks for no login (${words})` }, true);
        }
        conn.login({ credentials: { user: account.user, pass: account.password } }, (loginErr) => {
          if (loginErr) return finish(classifySmtpError(loginErr), false);
          finish({ ok: true, response: conn.lastServerResponse || 'authenticated' }, true);
        });
      });
    });
  }

  /** Sends one message over the sender's pool; the Message-ID goes out exactly as given. */
  async send(account: SmtpAccount, message: OutgoingMessage): Promise<SendOutcome> {
    const problem = messageProblem(message);
    if (problem) return { ok: false, kind: 'invalid', response: `refused before sending: ${problem}` };
    try {
      const info = await this.transportFor(account).sendMail(toMailOptions(message));
      const to = typeof message.to === 'string' ? message.to : message.to.address;
      const rejected = info.rejected.map((r) => r.toLowerCase());
      // With Bcc copies the server may take the message but refuse the lead: for the lead that is a bounce.
      if (rejected.includes(to.toLowerCase())) {
        return classifySmtpError(info.rejectedErrors?.[0] ?? { responseCode: 550, response: `${to} was rejected` });
      }
      return { ok: true, response: info.response, messageId: message.messageId };
    } catch (err) {
      return classifySmtpError(err);
    }
  }

  /** Closes the pool of one sender, e.g. after its settings changed or it was paused. */
  forget(senderId: string): void {
    this.pools.get(senderId)?.transport.close();
    this.pools.delete(senderId);
  }

  /** Closes every pooled connection. */
  async close(): Promise<void> {
    for (const id of [...this.pools.keys()]) this.forget(id);
  }

  private transportFor(account: SmtpAccount): Transport {
    const print = fingerprint(account);
    const pooled = this.pools.get(account.id);
    if (pooled?.fingerprint === print) return pooled.transport;
    if (pooled) this.forget(account.id);
    const transport = nodemailer.createTransport({
      ...this.connectionOptions(account),
      pool: true,
      maxConnections: this.options.maxConnections,
      idleTimeout: this.options.idleTimeout,
      // Never re-send on our own after a dropped connection: the server may have taken the message.
      // The engine decides, with its ledger, what a lost reply means.
      maxRequeues: 0,
      auth: { user: account.user, pass: account.password },
      disableFileAccess: true,
      disableUrlAccess: true,
      ...(account.dkim
        ? {
            dkim: {
              domainName: account.dkim.domain,
              keySelector: account.dkim.selector,
              privateKey: account.dkim.privateKey,
            },
          }
        : {}),
    });
    // Failures reach each sendMail call; an 'error' event with no listener would crash the process.
    transport.on('error', () => undefined);
    this.pools.set(account.id, { fingerprint: print, transport });
    return transport;
  }

  private connectionOptions(account: SmtpAccount) {
    return {
      host: account.host,
      port: account.port,
      secure: account.secure,
      connectionTimeout: this.options.connectionTimeout,
      greetingTimeout: this.options.greetingTimeout,
      socketTimeout: this.options.socketTimeout,
      ...(this.options.name ? { name: this.options.name } : {}),
    };
  }
}
