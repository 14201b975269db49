import { ImapFlow } from 'imapflow';
import type { ImapAccount, LoginOutcome, MailboxChecker } from '../app/ports.js';

/** Timeouts for the check; tests shorten them. */
export interface ImapCheckOptions {
  connectionTimeout?: number;
  greetingTimeout?: number;
  socketTimeout?: number;
}

/** An imapflow client for an account, not yet connected; timeouts default to what real servers need. */
export function imapClient(account: ImapAccount, opts: ImapCheckOptions = {}): ImapFlow {
  return new ImapFlow({
    host: account.host,
    port: account.port,
    secure: account.secure,
    auth: { user: account.user, pass: account.password },
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: opts.connectionTimeout ?? 30_000,
    greetingTimeout: opts.greetingTimeout ?? 16_000,
    socketTimeout: opts.socketTimeout ?? 60_000,
  });
}

/** The parts of an imapflow error that say what went wrong. */
interface ImapErrorLike {
  message?: unknown;
  code?: unknown;
  responseText?: unknown;
  response?: unknown;
  authenticationFailed?: unknown;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** An imapflow failure as an outcome: a refused login is `auth`, anything else `transient`. */
export function classifyImapError(err: unknown): LoginOutcome {
  const e: ImapErrorLike = typeof err === 'object' && err !== null ? err : { message: String(err) };
  const words = text(e.responseText) ?? text(e.response) ?? text(e.message) ?? 'unknown error';
  return { ok: false, kind: e.authenticationFailed === true ? 'auth' : 'transient', response: words };
}

/** Logs in to an IMAP server and out again with imapflow. */
export class ImapChecker implements MailboxChecker {
  constructor(private readonly options: ImapCheckOptions = {}) {}

  /** Answers the server's greeting on success, its words (or the network error) on failure. */
  async check(account: ImapAccount): Promise<LoginOutcome> {
    let client: ImapFlow;
    try {
      client = imapClient(account, { socketTimeout: 60_000, ...this.options });
    } catch (err) {
      return classifyImapError(err);
    }
    // Failures reach connect(); an 'error' event with no listener would crash the process.
    client.on('error', () => undefined);
    try {
      await client.connect();
      const greeting = text(client.greeting);
      await client.logout();
      return { ok: true, response: `logged in as ${account.user}${greeting ? `; server said: ${greeting}` : ''}` };
    } catch (err) {
      client.close();
      return classifyImapError(err);
    }
  }
}
