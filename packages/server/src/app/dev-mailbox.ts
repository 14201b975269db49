import type { DevMailboxMessage, DevMailboxMessagePage, DevMailboxStatus } from '@blinkpost/contract';
import { AppError, notFound } from '../domain/app-error.js';
import { emailKey } from '../domain/email-address.js';
import type { PageWindow } from '../domain/paging.js';
import { isoTime } from '../domain/time-filter.js';
import type { CaughtMail } from '../mail/dev-mailbox-sink.js';
import { newId } from '../store/ids.js';
import type { SenderRecord } from '../store/sender.repo.js';
import type { Store } from '../store/store.js';
import type { Clock, Principal } from './ports.js';
import type { SenderService } from './senders.js';

/** Where the dev mailbox's SMTP sink listens. */
export interface DevMailboxAddress {
  host: string;
  port: number;
}

/** The demo sender's address; it is found again by it at every start. */
export const DEV_MAILBOX_EMAIL = 'dev@blinkpost.localhost';
const DEV_MAILBOX_NAME = 'Dev mailbox';
/** How many caught messages are kept (all workspaces together); the oldest go first. */
export const DEV_MAILBOX_CAPACITY = 1000;

interface Kept extends CaughtMail {
  id: string;
  receivedAt: number;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

const toApi = (m: Kept): DevMailboxMessage => ({
  id: m.id,
  received_at: isoTime(m.receivedAt),
  from: m.from,
  to: m.to,
  subject: m.subject,
  text: m.text,
  html: m.html,
  message_id: m.messageId,
});

/**
 * `--dev-mailbox`: mail sent to the loopback sink is kept here, in memory, newest last. A workspace
 * sees the messages that came in under the login of one of its senders pointing at the sink.
 */
export class DevMailboxService {
  private readonly kept: Kept[] = [];

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly senders: SenderService,
    /** undefined when the server runs without `--dev-mailbox` */
    private readonly sink: DevMailboxAddress | undefined,
    private readonly capacity = DEV_MAILBOX_CAPACITY,
  ) {}

  /** Keeps a caught message, dropping the oldest past the capacity. */
  receive(mail: CaughtMail): void {
    const now = this.clock.now();
    this.kept.push({ ...mail, id: newId(now), receivedAt: now });
    if (this.kept.length > this.capacity) this.kept.splice(0, this.kept.length - this.capacity);
  }

  /** Whether the dev mailbox is on, and the demo sender of the caller's workspace. */
  async status(p: Principal): Promise<DevMailboxStatus> {
    if (!this.sink) return { enabled: false, sender_id: null, smtp_host: null, smtp_port: null };
    const sender = await this.store.senders.findByEmail(p.workspaceId, DEV_MAILBOX_EMAIL);
    return { enabled: true, sender_id: sender?.id ?? null, smtp_host: this.sink.host, smtp_port: this.sink.port };
  }

  /** The caller's caught messages, newest first. */
  async list(p: Principal, window: PageWindow): Promise<DevMailboxMessagePage> {
    const mine = await this.visibleTo(p);
    const page = mine.slice(window.offset, window.offset + window.limit);
    return { data: page.map(toApi), total: mine.length, limit: window.limit, skip: window.offset };
  }

  /** One caught message; 404 for an unknown id or another workspace's. */
  async get(p: Principal, id: string): Promise<DevMailboxMessage> {
    const found = (await this.visibleTo(p)).find((m) => m.id === id);
    if (!found) throw notFound('dev mailbox message', id);
    return toApi(found);
  }

  /** Forgets the caller's caught messages; answers how many. */
  async clear(p: Principal): Promise<number> {
    const gone = new Set(await this.visibleTo(p));
    for (let i = this.kept.length - 1; i >= 0; i -= 1) if (gone.has(this.kept[i]!)) this.kept.splice(i, 1);
    return gone.size;
  }

  /**
   * Makes the "Dev mailbox" sender in the oldest workspace, or points the one there at the sink's port
   * of this run; answers its id (undefined when off or before any workspace exists).
   */
  async ensureSender(): Promise<string | undefined> {
    if (!this.sink) return undefined;
    const ws = await this.store.workspaces.oldest();
    if (!ws) return undefined;
    // The service acts for the workspace itself, as the server does at start-up: no key is involved.
    const p: Principal = { workspaceId: ws.id, workspaceName: ws.name, keyId: '', role: 'admin' };
    const existing = await this.store.senders.findByEmail(ws.id, DEV_MAILBOX_EMAIL);
    if (existing) {
      if (existing.smtpHost === this.sink.host && existing.smtpPort === this.sink.port) return existing.id;
      return (await this.senders.update(p, existing.id, { smtp_host: this.sink.host, smtp_port: this.sink.port }))
        .sender.id;
    }
    const created = await this.senders.create(p, {
      from_email: DEV_MAILBOX_EMAIL,
      from_name: DEV_MAILBOX_NAME,
      smtp_host: this.sink.host,
      smtp_port: this.sink.port,
      smtp_secure: false,
      user_name: DEV_MAILBOX_EMAIL,
      // The sink takes any login; a password is stored only because every sender has one.
      password: 'dev-mailbox',
      // The highest cap a sender may have and no gap: a demo sequence sends at the engine's pace.
      max_emails_per_day: 100_000,
      min_gap_minutes: 0,
    });
    return created.sender.id;
  }

  private pointsAtSink(s: SenderRecord): boolean {
    return this.sink !== undefined && LOOPBACK.has(s.smtpHost.toLowerCase()) && s.smtpPort === this.sink.port;
  }

  // Newest first; a login matches a sender's SMTP user name ignoring case, as mail servers do.
  private async visibleTo(p: Principal): Promise<Kept[]> {
    if (!this.sink) {
      throw new AppError('not_found', 'The dev mailbox is off: start the server with --dev-mailbox');
    }
    const senders = await this.store.senders.list(p.workspaceId);
    const logins = new Set(senders.filter((s) => this.pointsAtSink(s)).map((s) => emailKey(s.smtpUser)));
    return this.kept.filter((m) => logins.has(emailKey(m.login))).reverse();
  }
}
