import type { ImapFlow } from 'imapflow';
import type { ImapAccount, InboxConnection } from '../app/ports.js';
import { classifyImapError, imapClient } from './imap-check.js';

/** Timeouts of an inbox session; tests shorten them. */
export interface ImapInboxOptions {
  connectionTimeout?: number;
  greetingTimeout?: number;
  /** longer than the poller's IDLE wait, or the session drops while it waits */
  socketTimeout?: number;
}

/** An imapflow session on INBOX, opened with EXAMINE so reading never marks anything \Seen. */
class ImapInbox implements InboxConnection {
  private idling: Promise<unknown> | undefined;

  constructor(
    private readonly client: ImapFlow,
    readonly uidValidity: number,
  ) {}

  get open(): boolean {
    return this.client.usable;
  }

  async newUids(after: number, since?: Date): Promise<number[]> {
    const found = await this.client.search({ uid: `${after + 1}:*`, ...(since ? { since } : {}) }, { uid: true });
    // `n:*` always includes the last message, even when its UID is below n.
    return (found || []).filter((uid) => uid > after).sort((a, b) => a - b);
  }

  async fetch(uids: number[], maxBytes: number): Promise<{ uid: number; raw: Buffer }[]> {
    if (uids.length === 0) return [];
    const out: { uid: number; raw: Buffer }[] = [];
    const query = { uid: true, source: { maxLength: maxBytes } };
    for await (const m of this.client.fetch(uids.join(','), query, { uid: true })) {
      if (m.source) out.push({ uid: m.uid, raw: m.source });
    }
    return out.sort((a, b) => a.uid - b.uid);
  }

  async waitForMail(ms: number, signal: AbortSignal): Promise<void> {
    if (!this.client.usable || signal.aborted) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.client.off('exists', done);
        this.client.off('close', done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.client.on('exists', done);
      this.client.on('close', done);
      signal.addEventListener('abort', done);
      // The next command (the search for new mail, or LOGOUT) ends IDLE; without IDLE this is a plain wait.
      if (this.client.capabilities.has('IDLE')) this.idling = this.client.idle().catch(() => undefined);
    });
  }

  async close(): Promise<void> {
    try {
      if (this.client.usable) await this.client.logout();
    } catch {
      // the session is going anyway
    } finally {
      this.client.close();
      await this.idling;
    }
  }
}

/** Opens a sender's INBOX read-only with imapflow; a refused login or an unreachable server throws. */
export function imapInboxOpener(opts: ImapInboxOptions = {}) {
  return async (account: ImapAccount): Promise<InboxConnection> => {
    const client = imapClient(account, { socketTimeout: 5 * 60_000, ...opts });
    // Failures reach the awaited calls (and `open` turns false); an 'error' event with no listener would crash the process.
    client.on('error', () => undefined);
    try {
      await client.connect();
      const box = await client.mailboxOpen('INBOX', { readOnly: true });
      return new ImapInbox(client, Number(box.uidValidity));
    } catch (err) {
      client.close();
      const failure = classifyImapError(err);
      throw new Error(
        failure.ok ? 'IMAP session failed' : `${failure.kind === 'auth' ? 'login refused: ' : ''}${failure.response}`,
        {
          cause: err,
        },
      );
    }
  };
}
