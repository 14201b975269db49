import type { ActivityService } from '../app/activity.js';
import type { AnalyticsService } from '../app/analytics.js';
import type { BlocklistService } from '../app/blocklist.js';
import type { TrackingService } from '../app/tracking.js';
import type { ContactService } from '../app/contacts.js';
import type { DevMailboxService } from '../app/dev-mailbox.js';
import type { IdempotencyService } from '../app/idempotency.js';
import type { InboxService } from '../app/inbox.js';
import type { InboxOutbox } from '../app/inbox-outbox.js';
import type { UnifiedInboxService } from '../app/unified-inbox.js';
import type { KeyService } from '../app/keys.js';
import type { LeadService } from '../app/leads.js';
import type { ListService } from '../app/lists.js';
import type { ReportService } from '../app/reports.js';
import type { MaintenanceService } from '../app/maintenance.js';
import type { Clock } from '../app/ports.js';
import type { SenderService } from '../app/senders.js';
import type { ForecastService } from '../app/forecast.js';
import type { SequenceLeadService } from '../app/sequence-leads.js';
import type { SequenceReportService } from '../app/sequence-reports.js';
import type { SequenceService } from '../app/sequences.js';
import type { SessionService } from '../app/sessions.js';
import type { TemplateService } from '../app/templates.js';
import type { WebhookService } from '../app/webhooks.js';
import type { FolderService } from '../app/folders.js';
import type { UserService } from '../app/users.js';
import type { WorkspaceService } from '../app/workspaces.js';

/** The use cases the HTTP layer calls; it reaches nothing else. */
export interface Services {
  clock: Clock;
  keys: KeyService;
  lists: ListService;
  contacts: ContactService;
  sequences: SequenceService;
  sequenceReports: SequenceReportService;
  sequenceLeads: SequenceLeadService;
  leads: LeadService;
  forecasts: ForecastService;
  activity: ActivityService;
  analytics: AnalyticsService;
  reports: ReportService;
  maintenance: MaintenanceService;
  templates: TemplateService;
  senders: SenderService;
  blocklist: BlocklistService;
  tracking: TrackingService;
  webhooks: WebhookService;
  inbox: InboxService;
  unifiedInbox: UnifiedInboxService;
  inboxOutbox: InboxOutbox;
  idempotency: IdempotencyService;
  users: UserService;
  workspaces: WorkspaceService;
  folders: FolderService;
  sessions: SessionService;
  /** `serve --dev-mailbox`; answers "off" without it */
  devMailbox: DevMailboxService;
}
