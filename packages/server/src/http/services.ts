import type { ActivityService } from '../app/activity.js';
import type { BlocklistService } from '../app/blocklist.js';
import type { TrackingService } from '../app/tracking.js';
import type { ContactService } from '../app/contacts.js';
import type { InboxService } from '../app/inbox.js';
import type { KeyService } from '../app/keys.js';
import type { ListService } from '../app/lists.js';
import type { MaintenanceService } from '../app/maintenance.js';
import type { Clock } from '../app/ports.js';
import type { SenderService } from '../app/senders.js';
import type { ForecastService } from '../app/forecast.js';
import type { SequenceReportService } from '../app/sequence-reports.js';
import type { SequenceService } from '../app/sequences.js';
import type { TemplateService } from '../app/templates.js';
import type { WebhookService } from '../app/webhooks.js';

/** The use cases the HTTP layer calls; it reaches nothing else. */
export interface Services {
  clock: Clock;
  keys: KeyService;
  lists: ListService;
  contacts: ContactService;
  sequences: SequenceService;
  sequenceReports: SequenceReportService;
  forecasts: ForecastService;
  activity: ActivityService;
  maintenance: MaintenanceService;
  templates: TemplateService;
  senders: SenderService;
  blocklist: BlocklistService;
  tracking: TrackingService;
  webhooks: WebhookService;
  inbox: InboxService;
}
