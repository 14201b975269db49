import { Command, Option } from 'commander';
import { loadServer } from './server-module.js';
import { withStore } from './open-store.js';
import { configFrom, withStorageOptions, type StorageOptions } from './storage-options.js';

/** `blinkpost maintenance on|off`: the same switch as PUT /v1.0.0/maintenance. */
export function maintenanceCommand(): Command {
  return withStorageOptions(
    new Command('maintenance')
      .description('turn maintenance mode on or off: the API answers 503 with Retry-After while it is on')
      .addArgument(new Command().createArgument('<state>', 'on or off').choices(['on', 'off']))
      .addOption(new Option('--retry-after <seconds>', 'what Retry-After tells clients').default('300')),
  ).action(async (state: 'on' | 'off', opts: StorageOptions & { retryAfter: string }) => {
    const retryAfter = Number(opts.retryAfter);
    if (!Number.isInteger(retryAfter) || retryAfter < 1)
      throw new Error('--retry-after must be a whole number of seconds');
    await withStore(await configFrom(opts), async (store) => {
      const { MaintenanceService, systemClock } = await loadServer();
      await new MaintenanceService(store, systemClock).set(state === 'on', retryAfter);
    });
    console.log(`Maintenance mode is ${state}.`);
  });
}
