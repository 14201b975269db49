import { ActivityService } from './app/activity.js';
import { ContactService } from './app/contacts.js';
import { KeyService } from './app/keys.js';
import { ListService } from './app/lists.js';
import { MaintenanceService } from './app/maintenance.js';
import type { Clock, MailboxChecker, Mailer } from './app/ports.js';
import type { SecretBox } from './app/secret-box.js';
import { SenderService } from './app/senders.js';
import { ForecastService } from './app/forecast.js';
import { SequenceReportService } from './app/sequence-reports.js';
import { SequenceService } from './app/sequences.js';
import { TemplateService } from './app/templates.js';
import type { Services } from './http/services.js';
import type { Store } from './store/store.js';

/** The adapters the use cases talk to; only main.ts builds them. */
export interface Adapters {
  secrets: SecretBox;
  mailer: Mailer;
  mailbox: MailboxChecker;
}

/** Wires every use case over one store, clock and set of adapters. */
export function createServices(store: Store, clock: Clock, adapters: Adapters): Services {
  const lists = new ListService(store, clock);
  const sequences = new SequenceService(store, clock, {
    senderExists: async (ws, id) => (await store.senders.get(ws, id)) !== undefined,
    templateExists: async (ws, id) => (await store.templates.get(ws, id)) !== undefined,
  });
  return {
    clock,
    keys: new KeyService(store, clock),
    lists,
    contacts: new ContactService(store, lists, clock),
    sequences,
    sequenceReports: new SequenceReportService(store, sequences),
    forecasts: new ForecastService(store, sequences, clock),
    activity: new ActivityService(store),
    maintenance: new MaintenanceService(store, clock),
    templates: new TemplateService(store, clock),
    senders: new SenderService(store, clock, adapters.secrets, adapters.mailer, adapters.mailbox),
  };
}
