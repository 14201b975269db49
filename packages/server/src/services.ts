import { ActivityService } from './app/activity.js';
import { ContactService } from './app/contacts.js';
import { KeyService } from './app/keys.js';
import { ListService } from './app/lists.js';
import { MaintenanceService } from './app/maintenance.js';
import type { Clock } from './app/ports.js';
import { SequenceService } from './app/sequences.js';
import type { Services } from './http/services.js';
import type { Store } from './store/store.js';

/** Wires every use case over one store and clock. */
export function createServices(store: Store, clock: Clock): Services {
  const lists = new ListService(store, clock);
  return {
    clock,
    keys: new KeyService(store, clock),
    lists,
    contacts: new ContactService(store, lists, clock),
    sequences: new SequenceService(store),
    activity: new ActivityService(store),
    maintenance: new MaintenanceService(store, clock),
  };
}
