import { ActivityRepo } from './activity.repo.js';
import { ApiKeyRepo } from './api-key.repo.js';
import { BlocklistRepo } from './blocklist.repo.js';
import { EnrollmentRepo } from './enrollment.repo.js';
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
import { WebhookRepo } from './webhook.repo.js';
import { WorkspaceRepo } from './workspace.repo.js';

/** Every repository over one database: what the use cases are given. */
export interface Store {
  db: Db;
  workspaces: WorkspaceRepo;
  apiKeys: ApiKeyRepo;
  lists: ListRepo;
  leads: LeadRepo;
  sequences: SequenceRepo;
  activity: ActivityRepo;
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
  };
}
