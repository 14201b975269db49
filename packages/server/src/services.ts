import { ActivityService } from './app/activity.js';
import { AnalyticsService } from './app/analytics.js';
import { BlocklistService } from './app/blocklist.js';
import type { Telemetry } from './app/telemetry.js';
import { engagementAnnouncer } from './app/engagement-announcer.js';
import { TrackingService } from './app/tracking.js';
import { TrackingRecorder, type EngagementRecorder } from './app/tracking-recorder.js';
import { ContactService } from './app/contacts.js';
import { DevMailboxService, type DevMailboxAddress } from './app/dev-mailbox.js';
import { IdempotencyService } from './app/idempotency.js';
import { InboxService } from './app/inbox.js';
import { InboxOutbox } from './app/inbox-outbox.js';
import { UnifiedInboxService } from './app/unified-inbox.js';
import { KeyService } from './app/keys.js';
import { LeadService } from './app/leads.js';
import { FolderService } from './app/folders.js';
import { UserService } from './app/users.js';
import { WorkspaceService } from './app/workspaces.js';
import { ListService } from './app/lists.js';
import { ReportService } from './app/reports.js';
import { MaintenanceService } from './app/maintenance.js';
import type { Clock, MailboxChecker, Mailer } from './app/ports.js';
import type { SecretBox } from './app/secret-box.js';
import { SenderService } from './app/senders.js';
import { ForecastService } from './app/forecast.js';
import { SequenceLeadService } from './app/sequence-leads.js';
import { SequenceReportService } from './app/sequence-reports.js';
import { SequenceService } from './app/sequences.js';
import { SessionService } from './app/sessions.js';
import { TemplateService } from './app/templates.js';
import { WebhookDeliverer, type WebhookPoster } from './app/webhook-delivery.js';
import { WebhookService } from './app/webhooks.js';
import type { Services } from './http/services.js';
import type { Store } from './store/store.js';

/** The adapters the use cases talk to; only main.ts builds them. */
export interface Adapters {
  secrets: SecretBox;
  mailer: Mailer;
  mailbox: MailboxChecker;
  /** the key tracking tokens are signed with */
  trackingSecret: Buffer;
  /** where tracking failures are logged */
  logError?: (err: unknown, what: string) => void;
  /** counts for /metrics (none when absent) */
  telemetry?: Telemetry;
  /** sends webhook deliveries (and refuses private targets unless allowed) */
  webhookPoster: WebhookPoster;
  /** the loopback SMTP sink of `--dev-mailbox`, when on */
  devMailbox?: DevMailboxAddress;
  /**
   * Where opens and clicks are judged and written, given how to record them on this thread: main.ts
   * puts them on a thread of their own (which falls back to this one); without it they stay here.
   */
  engagementRecorder?: (onThisThread: () => EngagementRecorder) => EngagementRecorder;
}

/** Wires every use case over one store, clock and set of adapters. */
export function createServices(store: Store, clock: Clock, adapters: Adapters): Services {
  const lists = new ListService(store, clock);
  const sequences = new SequenceService(store, clock, {
    senderExists: async (ws, id) => (await store.senders.get(ws, id)) !== undefined,
    templateExists: async (ws, id) => (await store.templates.get(ws, id)) !== undefined,
  });
  const blocklist = new BlocklistService(store, clock);
  const keys = new KeyService(store, clock);
  const analytics = new AnalyticsService(store, clock, sequences);
  const senders = new SenderService(store, clock, adapters.secrets, adapters.mailer, adapters.mailbox);
  const unifiedInbox = new UnifiedInboxService(store, clock, blocklist);
  const sequenceReports = new SequenceReportService(store, sequences, analytics);
  // Opens, clicks and unsubscribes are counted for /metrics and announced to the workspace's webhooks.
  const announce = engagementAnnouncer(store, clock, (counts) => adapters.telemetry?.engagements(counts));
  const services: Services = {
    clock,
    blocklist,
    tracking: new TrackingService(
      store,
      clock,
      adapters.trackingSecret,
      blocklist,
      (adapters.engagementRecorder ?? ((here) => here()))(
        () => new TrackingRecorder(store, clock, adapters.trackingSecret, announce, adapters.logError),
      ),
      announce,
      adapters.logError,
    ),
    keys,
    lists,
    contacts: new ContactService(store, lists, clock),
    sequences,
    sequenceReports,
    sequenceLeads: new SequenceLeadService(store, sequences, sequenceReports, clock),
    leads: new LeadService(store, lists, sequences, blocklist, clock),
    forecasts: new ForecastService(store, sequences, clock),
    activity: new ActivityService(store),
    analytics,
    reports: new ReportService(store, sequences),
    maintenance: new MaintenanceService(store, clock),
    templates: new TemplateService(store, clock),
    senders,
    unifiedInbox,
    inboxOutbox: new InboxOutbox(store, clock, unifiedInbox, senders, adapters.mailer),
    webhooks: new WebhookService(
      store,
      clock,
      adapters.secrets,
      adapters.webhookPoster,
      new WebhookDeliverer(store, clock, adapters.secrets, adapters.webhookPoster),
    ),
    // Replies, auto-replies and bounces are announced to the workspace's webhooks.
    inbox: new InboxService(
      store,
      clock,
      blocklist,
      (ws, event, data) => services.webhooks.emit(ws, event, data),
      adapters.logError,
    ),
    idempotency: new IdempotencyService(store, clock),
    users: new UserService(store, clock),
    workspaces: new WorkspaceService(store, clock, keys),
    folders: new FolderService(store, clock),
    sessions: new SessionService(store, clock),
    devMailbox: new DevMailboxService(store, clock, senders, adapters.devMailbox),
  };
  return services;
}
