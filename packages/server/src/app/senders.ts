import type { Sender, SenderLoginReport, SenderStatus, SenderTestResult } from '@blinkpost/contract';
import { AppError, notFound } from '../domain/app-error.js';
import {
  ignoredSenderFields,
  pausedIn,
  resolveSenderSettings,
  type SenderSettings,
} from '../domain/sender-settings.js';
import { isoTime } from '../domain/time-filter.js';
import type { Listing } from '../store/listing.js';
import type { SenderRecord, StoredSenderSettings } from '../store/sender.repo.js';
import type { Store } from '../store/store.js';
import type { Clock, ImapAccount, LoginOutcome, MailboxChecker, Mailer, Principal, SmtpAccount } from './ports.js';
import type { SecretBox } from './secret-box.js';

// What each sealed column is bound to: a value sealed for one column does not open in another.
const CONTEXT = {
  smtp: 'senders.smtp_password',
  imap: 'senders.imap_password',
  dkim: 'senders.dkim_private_key',
} as const;

/** A stored sender in the shape the API answers: secrets only as "is there one". */
export const toApiSender = (s: SenderRecord): Sender => ({
  id: s.id,
  email: s.email,
  senderName: s.fromName,
  from_name: s.fromName,
  owned_by: s.ownedBy,
  serviceName: s.imapHost === '' ? 'smtponly' : 'smtp',
  smtp_host: s.smtpHost,
  smtp_port: s.smtpPort,
  smtp_secure: s.smtpSecure,
  user_name: s.smtpUser,
  imap_host: s.imapHost,
  imap_port: s.imapPort,
  imap_secure: s.imapSecure,
  imap_user_name: s.imapUser,
  has_password: s.smtpPasswordEnc !== '',
  has_imap_password: s.imapPasswordEnc !== '',
  reply_to_email: s.replyTo,
  max_emails_per_day: s.maxEmailsPerDay,
  min_gap_minutes: s.minGapMinutes,
  timezone: s.timezone,
  signature: s.signature,
  dkim_identifier: s.dkimSelector,
  dkim_selector: s.dkimSelector,
  dkim_domain: s.dkimDomain,
  has_dkim_key: s.dkimPrivateKeyEnc !== '',
  custom_tracking_url: s.trackingUrl,
  connected: s.status !== 'needs-attention',
  connecting: false,
  has_error: s.status === 'needs-attention',
  warmup_active: false,
  warmup_paused: false,
  paused: s.paused,
  needs_attention: s.status === 'needs-attention',
  status: s.status,
  status_reason: s.statusReason,
  created_at: isoTime(s.createdAt),
  last_modified: isoTime(s.lastModified),
});

const report = (o: LoginOutcome): SenderLoginReport =>
  o.ok
    ? { ok: true, response: o.response }
    : { ok: false, response: o.response, kind: o.kind, ...(o.code ? { code: o.code } : {}) };

/** A sender and the fields of the request that were not acted on. */
export interface SenderChange {
  sender: Sender;
  ignored: string[];
}

/** Senders (mailboxes): their settings, secrets sealed at rest, and a login check. */
export class SenderService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly secrets: SecretBox,
    private readonly mailer: Mailer,
    private readonly mailbox: MailboxChecker,
  ) {}

  /** The caller's senders, latest first. */
  async list(p: Principal, opts: Listing & { status?: SenderStatus | undefined } = {}): Promise<Sender[]> {
    return (await this.store.senders.list(p.workspaceId, opts)).map(toApiSender);
  }

  /** One sender; 404 for an unknown id or another workspace's. */
  async get(p: Principal, id: string): Promise<Sender> {
    return toApiSender(await this.require(p.workspaceId, id));
  }

  /** Stores a new sender without logging in (`test` does that); one sender per address. */
  async create(p: Principal, body: Record<string, unknown>): Promise<SenderChange> {
    const settings = resolveSenderSettings(body);
    if (await this.store.senders.findByEmail(p.workspaceId, settings.email)) {
      throw new AppError('conflict', `a sender with from_email ${settings.email} already exists`, {
        field: 'from_email',
      });
    }
    const rec = await this.store.senders.create(
      {
        workspaceId: p.workspaceId,
        ownedBy: p.workspaceName,
        paused: pausedIn(body) ?? false,
        settings: this.seal(settings),
      },
      this.clock.now(),
    );
    return { sender: toApiSender(rec), ignored: ignoredSenderFields(body, { creating: true }) };
  }

  /** Changes the settings the body names; `paused: false` also clears needs-attention. */
  async update(p: Principal, id: string, body: Record<string, unknown>): Promise<SenderChange> {
    const rec = await this.require(p.workspaceId, id);
    const settings = resolveSenderSettings(body, this.open(rec));
    const now = this.clock.now();
    let updated = await this.store.senders.update(p.workspaceId, id, this.seal(settings), now);
    const paused = pausedIn(body);
    if (paused !== undefined && updated) {
      updated = await this.store.senders.setState(id, { paused, reason: paused ? updated.statusReason : '' }, now);
    }
    if (!updated) throw notFound('sender', id);
    // Fixed or resumed: the leads that waited for this sender go now, not at the next recheck.
    if (updated.status === 'active') await this.store.enrollments.wakeForSender(id, now);
    return { sender: toApiSender(updated), ignored: ignoredSenderFields(body, { creating: false }) };
  }

  /** Logs in over SMTP, and IMAP when the sender has it; a failed login is a report, not an error. */
  async test(p: Principal, id: string): Promise<SenderTestResult> {
    const rec = await this.require(p.workspaceId, id);
    let settings: SenderSettings;
    try {
      settings = this.open(rec);
    } catch (err) {
      return { smtp: { ok: false, kind: 'invalid', response: (err as Error).message } };
    }
    const [smtp, imap] = await Promise.all([
      this.mailer.verify(smtpAccountOf(rec.id, settings)),
      settings.imap ? this.mailbox.check(settings.imap) : undefined,
    ]);
    return { smtp: report(smtp), ...(imap ? { imap: report(imap) } : {}) };
  }

  /** What the engine needs to send as a sender (by id alone: the engine works across workspaces); `undefined` when gone. */
  async accounts(id: string): Promise<{ sender: SenderRecord; smtp: SmtpAccount; imap?: ImapAccount } | undefined> {
    const rec = await this.store.senders.findById(id);
    if (!rec) return undefined;
    const settings = this.open(rec);
    return { sender: rec, smtp: smtpAccountOf(rec.id, settings), ...(settings.imap ? { imap: settings.imap } : {}) };
  }

  /** Flags a sender for a person to look at (e.g. its login was refused); `pause` stops its sending too. */
  async markNeedsAttention(id: string, reason: string, pause = true): Promise<void> {
    const rec = await this.store.senders.findById(id);
    if (!rec) return;
    await this.store.senders.setState(
      id,
      { paused: pause || rec.paused, reason: reason.trim() || 'needs attention' },
      this.clock.now(),
    );
  }

  private async require(workspaceId: string, id: string): Promise<SenderRecord> {
    const rec = await this.store.senders.get(workspaceId, id);
    if (!rec) throw notFound('sender', id);
    return rec;
  }

  private seal(s: SenderSettings): StoredSenderSettings {
    return {
      email: s.email,
      fromName: s.fromName,
      smtpHost: s.smtp.host,
      smtpPort: s.smtp.port,
      smtpSecure: s.smtp.secure,
      smtpUser: s.smtp.user,
      smtpPasswordEnc: this.secrets.seal(s.smtp.password, CONTEXT.smtp),
      imapHost: s.imap?.host ?? '',
      imapPort: s.imap?.port ?? 0,
      imapSecure: s.imap?.secure ?? true,
      imapUser: s.imap?.user ?? '',
      imapPasswordEnc: s.imap ? this.secrets.seal(s.imap.password, CONTEXT.imap) : '',
      replyTo: s.replyTo,
      signature: s.signature,
      dkimSelector: s.dkim.selector,
      dkimDomain: s.dkim.domain,
      dkimPrivateKeyEnc: s.dkim.privateKey ? this.secrets.seal(s.dkim.privateKey, CONTEXT.dkim) : '',
      trackingUrl: s.trackingUrl,
      timezone: s.timezone,
      maxEmailsPerDay: s.maxEmailsPerDay,
      minGapMinutes: s.minGapMinutes,
    };
  }

  private open(r: SenderRecord): SenderSettings {
    const unseal = (sealed: string, context: string, what: string): string => {
      if (sealed === '') return '';
      const plain = this.secrets.open(sealed, context);
      if (plain === undefined)
        throw new Error(`the stored ${what} of sender ${r.email} cannot be decrypted with this key`);
      return plain;
    };
    const smtpPassword = unseal(r.smtpPasswordEnc, CONTEXT.smtp, 'SMTP password');
    return {
      email: r.email,
      fromName: r.fromName,
      smtp: { host: r.smtpHost, port: r.smtpPort, secure: r.smtpSecure, user: r.smtpUser, password: smtpPassword },
      imap:
        r.imapHost === ''
          ? null
          : {
              host: r.imapHost,
              port: r.imapPort,
              secure: r.imapSecure,
              user: r.imapUser,
              password: unseal(r.imapPasswordEnc, CONTEXT.imap, 'IMAP password'),
            },
      replyTo: r.replyTo,
      signature: r.signature,
      dkim: {
        selector: r.dkimSelector,
        domain: r.dkimDomain,
        privateKey: unseal(r.dkimPrivateKeyEnc, CONTEXT.dkim, 'DKIM key'),
      },
      trackingUrl: r.trackingUrl,
      timezone: r.timezone,
      maxEmailsPerDay: r.maxEmailsPerDay,
      minGapMinutes: r.minGapMinutes,
    };
  }
}

/** The SMTP login of a sender, with its DKIM key when it signs. */
function smtpAccountOf(id: string, s: SenderSettings): SmtpAccount {
  return {
    id,
    ...s.smtp,
    ...(s.dkim.selector && s.dkim.privateKey
      ? { dkim: { domain: s.dkim.domain, selector: s.dkim.selector, privateKey: s.dkim.privateKey } }
      : {}),
  };
}
