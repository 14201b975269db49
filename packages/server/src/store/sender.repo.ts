import type { Db } from './database.js';
import { newId } from './ids.js';
import { applyListing, type Listing } from './listing.js';
import type { SenderTable } from './schema.js';

/** A sender's settings as stored: secrets sealed (`*Enc`, '' when absent). */
export interface StoredSenderSettings {
  email: string;
  fromName: string;
  smtpHost: string;
  smtpPort: number;
  smtpSecure: boolean;
  smtpUser: string;
  smtpPasswordEnc: string;
  /** '' for an SMTP-only sender */
  imapHost: string;
  imapPort: number;
  imapSecure: boolean;
  imapUser: string;
  imapPasswordEnc: string;
  replyTo: string;
  signature: string;
  dkimSelector: string;
  dkimDomain: string;
  dkimPrivateKeyEnc: string;
  trackingUrl: string;
  timezone: string;
  maxEmailsPerDay: number;
  minGapMinutes: number;
}

export type SenderStatus = SenderTable['status'];

/** A sender as stored. */
export interface SenderRecord extends StoredSenderSettings {
  id: string;
  workspaceId: string;
  ownedBy: string;
  paused: boolean;
  status: SenderStatus;
  statusReason: string;
  createdAt: number;
  lastModified: number;
}

/** The status a sender shows: a reason to look at it wins over a plain pause. */
export const senderStatus = (paused: boolean, reason: string): SenderStatus =>
  reason !== '' ? 'needs-attention' : paused ? 'paused' : 'active';

const toRecord = (r: SenderTable): SenderRecord => ({
  id: r.id,
  workspaceId: r.workspace_id,
  ownedBy: r.owned_by,
  email: r.email,
  fromName: r.from_name,
  smtpHost: r.smtp_host,
  smtpPort: Number(r.smtp_port),
  smtpSecure: r.smtp_secure === 1,
  smtpUser: r.smtp_user,
  smtpPasswordEnc: r.smtp_password_enc,
  imapHost: r.imap_host,
  imapPort: Number(r.imap_port),
  imapSecure: r.imap_secure === 1,
  imapUser: r.imap_user,
  imapPasswordEnc: r.imap_password_enc,
  replyTo: r.reply_to,
  signature: r.signature,
  dkimSelector: r.dkim_selector,
  dkimDomain: r.dkim_domain,
  dkimPrivateKeyEnc: r.dkim_private_key_enc,
  trackingUrl: r.tracking_url,
  timezone: r.timezone,
  maxEmailsPerDay: Number(r.max_emails_per_day),
  minGapMinutes: Number(r.min_gap_minutes),
  paused: r.paused === 1,
  status: r.status,
  statusReason: r.status_reason,
  createdAt: Number(r.created_at),
  lastModified: Number(r.last_modified),
});

const settingColumns = (s: StoredSenderSettings) => ({
  email: s.email,
  email_key: s.email.trim().toLowerCase(),
  from_name: s.fromName,
  smtp_host: s.smtpHost,
  smtp_port: s.smtpPort,
  smtp_secure: s.smtpSecure ? 1 : 0,
  smtp_user: s.smtpUser,
  smtp_password_enc: s.smtpPasswordEnc,
  imap_host: s.imapHost,
  imap_port: s.imapPort,
  imap_secure: s.imapSecure ? 1 : 0,
  imap_user: s.imapUser,
  imap_password_enc: s.imapPasswordEnc,
  reply_to: s.replyTo,
  signature: s.signature,
  dkim_selector: s.dkimSelector,
  dkim_domain: s.dkimDomain,
  dkim_private_key_enc: s.dkimPrivateKeyEnc,
  tracking_url: s.trackingUrl,
  timezone: s.timezone,
  max_emails_per_day: s.maxEmailsPerDay,
  min_gap_minutes: s.minGapMinutes,
});

/** Reads and writes senders. */
export class SenderRepo {
  constructor(private readonly db: Db) {}

  /** Stores a new sender. */
  async create(
    input: { workspaceId: string; ownedBy: string; paused: boolean; settings: StoredSenderSettings },
    now: number,
  ): Promise<SenderRecord> {
    const row: SenderTable = {
      id: newId(now),
      workspace_id: input.workspaceId,
      owned_by: input.ownedBy,
      ...settingColumns(input.settings),
      paused: input.paused ? 1 : 0,
      status: senderStatus(input.paused, ''),
      status_reason: '',
      created_at: now,
      last_modified: now,
    };
    await this.db.kysely.insertInto('senders').values(row).execute();
    return toRecord(row);
  }

  /** One sender of the workspace; `undefined` for an unknown id or another workspace's. */
  async get(workspaceId: string, id: string): Promise<SenderRecord | undefined> {
    const row = await this.db.kysely
      .selectFrom('senders')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  /** A sender by id alone, for the engine, which works across workspaces. */
  async findById(id: string): Promise<SenderRecord | undefined> {
    const row = await this.db.kysely.selectFrom('senders').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toRecord(row);
  }

  /** The workspace's sender with this address (case-insensitive), if any. */
  async findByEmail(workspaceId: string, email: string): Promise<SenderRecord | undefined> {
    const row = await this.db.kysely
      .selectFrom('senders')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('email_key', '=', email.trim().toLowerCase())
      .executeTakeFirst();
    return row && toRecord(row);
  }

  /** Every sender with an IMAP inbox, of every workspace: what the inbox poller reads. */
  async withInbox(): Promise<SenderRecord[]> {
    const rows = await this.db.kysely.selectFrom('senders').selectAll().where('imap_host', '<>', '').execute();
    return rows.map(toRecord);
  }

  /** The workspace's senders, latest first; the search looks in the address and the name. */
  async list(workspaceId: string, opts: Listing & { status?: SenderStatus | undefined } = {}): Promise<SenderRecord[]> {
    let q = this.db.kysely.selectFrom('senders').selectAll().where('workspace_id', '=', workspaceId);
    if (opts.status) q = q.where('status', '=', opts.status);
    return (await applyListing(q, ['email', 'from_name'], opts).execute()).map(toRecord);
  }

  /** Replaces a sender's settings; `undefined` when it is not the workspace's. */
  async update(
    workspaceId: string,
    id: string,
    settings: StoredSenderSettings,
    now: number,
  ): Promise<SenderRecord | undefined> {
    await this.db.kysely
      .updateTable('senders')
      .set({ ...settingColumns(settings), last_modified: now })
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .execute();
    return this.get(workspaceId, id);
  }

  /** Sets whether the sender is paused and why it needs attention ('' when it does not). */
  async setState(
    id: string,
    state: { paused: boolean; reason: string },
    now: number,
  ): Promise<SenderRecord | undefined> {
    await this.db.kysely
      .updateTable('senders')
      .set({
        paused: state.paused ? 1 : 0,
        status_reason: state.reason,
        status: senderStatus(state.paused, state.reason),
        last_modified: now,
      })
      .where('id', '=', id)
      .execute();
    return this.findById(id);
  }
}
