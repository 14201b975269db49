import { ActivityRepo } from './activity.repo.js';
import { AnalyticsRepo } from './analytics.repo.js';
import { ApiKeyRepo } from './api-key.repo.js';
import { BlocklistRepo } from './blocklist.repo.js';
import { EnrollmentRepo } from './enrollment.repo.js';
import { IdempotencyRepo } from './idempotency.repo.js';
import { InboxRepo } from './inbox.repo.js';
import { LeaseRepo } from './lease.repo.js';
import { SendLedgerRepo } from './send-ledger.repo.js';
import type { Db } from './database.js';
import { LeadRepo } from './lead.repo.js';
import { ListRepo } from './list.repo.js';
import { SenderRepo } from './sender.repo.js';
import { SequenceRepo } from './sequence.repo.js';
import { SettingRepo } from './setting.repo.js';
import { TemplateRepo } from './template.repo.js';
import { TrackingRepo } from './tracking.repo.js';
import { UnifiedInboxRepo } from './unified-inbox.repo.js';
import { WebhookRepo } from './webhook.repo.js';
import { WorkspaceRepo } from './workspace.repo.js';
import { UserRepo } from './user.repo.js';
import { FolderRepo } from './folder.repo.js';
import { SessionRepo } from './session.repo.js';

/** Every repository over one database: what the use cases are given. */
export interface Store {
  db: Db;
  workspaces: WorkspaceRepo;
  apiKeys: ApiKeyRepo;
  lists: ListRepo;
  leads: LeadRepo;
  sequences: SequenceRepo;
  activity: ActivityRepo;
  analytics: AnalyticsRepo;
  settings: SettingRepo;
  senders: SenderRepo;
  enrollments: EnrollmentRepo;
  ledger: SendLedgerRepo;
  leases: LeaseRepo;
  templates: TemplateRepo;
  blocklist: BlocklistRepo;
  tracking: TrackingRepo;
  webhooks: WebhookRepo;
  inbox: InboxRepo;
  unifiedInbox: UnifiedInboxRepo;
  idempotency: IdempotencyRepo;
  users: UserRepo;
  folders: FolderRepo;
  sessions: SessionRepo;
}

/** Builds the repositories over an open database. */
export function createStore(db: Db): Store {
  return {
    db,
    workspaces: new WorkspaceRepo(db),
    apiKeys: new ApiKeyRepo(db),
    lists: new ListRepo(db),
    leads: new LeadRepo(db),
    sequences: new SequenceRepo(db),
    activity: new ActivityRepo(db),
    analytics: new AnalyticsRepo(db),
    settings: new SettingRepo(db),
    senders: new SenderRepo(db),
    enrollments: new EnrollmentRepo(db),
    ledger: new SendLedgerRepo(db),
    leases: new LeaseRepo(db),
    templates: new TemplateRepo(db),
    blocklist: new BlocklistRepo(db),
    tracking: new TrackingRepo(db),
    webhooks: new WebhookRepo(db),
    inbox: new InboxRepo(db),
    unifiedInbox: new UnifiedInboxRepo(db),
    idempotency: new IdempotencyRepo(db),
    users: new UserRepo(db),
    folders: new FolderRepo(db),
    sessions: new SessionRepo(db),
  };
}
