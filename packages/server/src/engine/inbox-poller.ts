import { randomUUID } from 'node:crypto';
import type { InboxService } from '../app/inbox.js';
import type { Clock, InboxConnection, OpenInbox } from '../app/ports.js';
import type { SenderService } from '../app/senders.js';
import { noTelemetry, type Telemetry } from '../app/telemetry.js';
import type { SenderRecord } from '../store/sender.repo.js';
import type { Store } from '../store/store.js';
import type { EngineLog } from './engine.js';

/** How the poller waits, retries and reads. */
export interface InboxPollerOptions {
  /** the longest an IDLE (or, without IDLE, a poll interval) waits before looking again anyway */
  waitMs: number;
  /** the first wait after a failed or dropped connection; it doubles up to `maxBackoffMs` */
  backoffMs: number;
  maxBackoffMs: number;
  /** a sender's lease: one worker reads a mailbox at a time; renewed at every look */
  leaseMs: number;
  /** how often the list of senders with IMAP is read again (new, changed and removed senders) */
  rescanMs: number;
  /** what is read of one message at most: enough for any reply or bounce report */
  maxMessageBytes: number;
  /** messages fetched per FETCH */
  batch: number;
}

export const DEFAULT_INBOX_OPTIONS: InboxPollerOptions = {
  waitMs: 60_000,
  backoffMs: 1_000,
  maxBackoffMs: 5 * 60_000,
  leaseMs: 3 * 60_000,
  rescanMs: 60_000,
  maxMessageBytes: 1024 * 1024,
  batch: 50,
};

/** What one look at a mailbox did. */
export interface InboxPollReport {
  senderId: string;
  read: number;
  recorded: number;
  ignored: number;
  duplicates: number;
  /** set when the look could not be made (connection, login, another worker holds the mailbox) */
  error?: string;
}

// Mail older than this before the sender was created is never ours: a new mailbox's history is skipped.
const HISTORY_MARGIN_MS = 2 * 86_400_000;

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });

/**
 * Reads every sender's INBOX over IMAP: IDLE where the server has it, else a poll every `waitMs`;
 * reconnects with back-off after errors and a server's BYE. Each new message goes to the inbox
 * service, and the stored UID moves past it only once it is recorded (at least once; recording is
 * idempotent). A per-sender lease keeps two workers off one mailbox.
 */
export class InboxPoller {
  private readonly holder = randomUUID();
  private readonly watches = new Map<string, { version: number; stop: AbortController; done: Promise<void> }>();
  private readonly sessions = new Map<string, InboxConnection>();
  private abort = new AbortController();
  private supervisor: Promise<void> | undefined;

  constructor(
    private readonly store: Store,
    private readonly senders: SenderService,
    private readonly inbox: InboxService,
    private readonly openInbox: OpenInbox,
    private readonly clock: Clock,
    private readonly log: EngineLog,
    private readonly opts: InboxPollerOptions = DEFAULT_INBOX_OPTIONS,
    private readonly telemetry: Telemetry = noTelemetry,
  ) {}

  /** Starts watching every sender with IMAP, and looks for new, changed and removed senders every `rescanMs`. */
  start(): void {
    if (this.supervisor) return;
    this.abort = new AbortController();
    const signal = this.abort.signal;
    this.supervisor = (async () => {
      while (!signal.aborted) {
        await this.rescan().catch((err: unknown) => this.log.error({ err }, 'inbox: reading the senders failed'));
        await sleep(this.opts.rescanMs, signal);
      }
    })();
  }

  /** Stops every watch: open sessions are logged out, leases given up. */
  async stop(): Promise<void> {
    this.abort.abort();
    for (const w of this.watches.values()) w.stop.abort();
    await Promise.all([...this.sessions.values()].map((s) => s.close()));
    await Promise.all([this.supervisor, ...[...this.watches.values()].map((w) => w.done)]);
    this.watches.clear();
    this.supervisor = undefined;
  }

  /** One look at every sender's INBOX now; tests call this instead of waiting for IDLE. */
  async tick(): Promise<InboxPollReport[]> {
    const reports: InboxPollReport[] = [];
    for (const s of await this.store.senders.withInbox()) reports.push(await this.pollOnce(s.id));
    return reports;
  }

  /** Connects to one sender's INBOX, reads what is new, and logs out. */
  async pollOnce(senderId: string): Promise<InboxPollReport> {
    const report: InboxPollReport = { senderId, read: 0, recorded: 0, ignored: 0, duplicates: 0 };
    if (!(await this.takeLease(senderId))) return { ...report, error: 'another worker reads this mailbox' };
    let session: InboxConnection | undefined;
    try {
      session = await this.connect(senderId);
      if (session) await this.readNew(senderId, session, report);
    } catch (err) {
      report.error = err instanceof Error ? err.message : String(err);
      await this.store.inbox.noteError(senderId, report.error, this.clock.now());
    } finally {
      await session?.close();
      // A watch of this process keeps the lease it shares; otherwise another worker may take the mailbox now.
      if (!this.watches.has(senderId)) await this.store.leases.release(leaseName(senderId), this.holder);
    }
    return report;
  }

  private async rescan(): Promise<void> {
    const current = new Map<string, SenderRecord>((await this.store.senders.withInbox()).map((s) => [s.id, s]));
    for (const [id, w] of this.watches) {
      const s = current.get(id);
      if (s && s.lastModified === w.version) continue;
      // Removed, or its settings changed: end this watch; a changed sender is watched again below.
      w.stop.abort();
      await this.sessions.get(id)?.close();
      await w.done;
      this.watches.delete(id);
    }
    for (const [id, s] of current) {
      if (this.watches.has(id) || this.abort.signal.aborted) continue;
      const stop = new AbortController();
      this.watches.set(id, { version: s.lastModified, stop, done: this.watch(id, stop.signal) });
    }
  }

  /** The long-lived loop of one mailbox: connect, read, wait for mail, again; back off when that fails. */
  private async watch(senderId: string, signal: AbortSignal): Promise<void> {
    let failures = 0;
    while (!signal.aborted) {
      let session: InboxConnection | undefined;
      try {
        if (!(await this.takeLease(senderId))) {
          await sleep(this.opts.leaseMs / 2, signal);
          continue;
        }
        session = await this.connect(senderId);
        if (!session) return; // the sender is gone or has no IMAP any more
        this.sessions.set(senderId, session);
        while (!signal.aborted && session.open) {
          await this.readNew(senderId, session);
          failures = 0;
          if (!(await this.takeLease(senderId))) break;
          await session.waitForMail(this.opts.waitMs, signal);
        }
        if (!signal.aborted && !session.open) throw new Error('the server ended the session');
      } catch (err) {
        if (signal.aborted) break;
        failures += 1;
        const error = err instanceof Error ? err.message : String(err);
        const wait = Math.min(this.opts.maxBackoffMs, this.opts.backoffMs * 2 ** (failures - 1));
        this.log.warn({ senderId, err: error, retryInMs: wait }, 'inbox: reading the mailbox failed');
        await this.store.inbox.noteError(senderId, error, this.clock.now()).catch(() => undefined);
        await sleep(wait, signal);
      } finally {
        this.sessions.delete(senderId);
        await session?.close();
      }
    }
    await this.store.leases.release(leaseName(senderId), this.holder).catch(() => undefined);
  }

  private async connect(senderId: string): Promise<InboxConnection | undefined> {
    const accounts = await this.senders.accounts(senderId);
    if (!accounts?.imap) return undefined;
    return this.openInbox(accounts.imap);
  }

  /** Reads the messages above the stored UID in order, moving the UID past each once it is recorded. */
  private async readNew(senderId: string, session: InboxConnection, report?: InboxPollReport): Promise<void> {
    const stored = await this.store.inbox.cursor(senderId);
    const uidValidity = session.uidValidity;
    let lastUid = stored?.uidValidity === uidValidity ? stored.lastUid : 0;
    if (stored && stored.uidValidity !== uidValidity && stored.uidValidity !== 0) {
      this.log.info(
        { senderId, uidValidity },
        'inbox: UIDVALIDITY changed; reading INBOX again (recorded mail is skipped)',
      );
    }
    if (!stored || stored.uidValidity !== uidValidity) {
      await this.store.inbox.saveCursor(senderId, { uidValidity, lastUid }, this.clock.now());
    }
    const sender = await this.store.senders.findById(senderId);
    const since = sender ? new Date(sender.createdAt - HISTORY_MARGIN_MS) : undefined;
    const uids = await session.newUids(lastUid, since);
    for (let i = 0; i < uids.length; i += this.opts.batch) {
      for (const m of await session.fetch(uids.slice(i, i + this.opts.batch), this.opts.maxMessageBytes)) {
        const outcome = await this.inbox.process(senderId, m.raw, `${uidValidity}:${m.uid}`);
        this.telemetry.inbound(outcome);
        lastUid = Math.max(lastUid, m.uid);
        await this.store.inbox.saveCursor(senderId, { uidValidity, lastUid }, this.clock.now());
        if (report) {
          report.read += 1;
          if (outcome.status === 'recorded') report.recorded += 1;
          else if (outcome.status === 'ignored') report.ignored += 1;
          else report.duplicates += 1;
        }
      }
    }
  }

  private takeLease(senderId: string): Promise<boolean> {
    const now = this.clock.now();
    return this.store.leases.acquire(leaseName(senderId), this.holder, now, now + this.opts.leaseMs);
  }
}

const leaseName = (senderId: string): string => `inbox:${senderId}`;
