import { Command, Option } from 'commander';
import { keysRemoteCommand } from './keys-remote.js';
import { loadServer } from './server-module.js';
import { withStore } from './open-store.js';
import { configFrom, withStorageOptions, type StorageOptions } from './storage-options.js';

/**
 * `blinkpost keys create|list|revoke`: API keys, managed on the server's database directly (every
 * workspace); `blinkpost keys remote …`: the keys of one workspace, through a running server's API.
 */
export function keysCommand(): Command {
  const keys = new Command('keys').description(
    "create, list and revoke API keys on the server's database; `keys remote …` through the API",
  );

  keys.addCommand(
    withStorageOptions(
      new Command('create')
        .description('create an API key (and the workspace, if new); the key is the last line printed')
        .requiredOption('--workspace <name>', 'workspace the key belongs to')
        .addOption(new Option('--role <role>', 'what the key may do').choices(['admin', 'member']).default('admin'))
        .option('--name <label>', 'a label to recognise the key by', 'cli key'),
    ).action(async (opts: StorageOptions & { workspace: string; role: 'admin' | 'member'; name: string }) => {
      const created = await withStore(await configFrom(opts), async (store) => {
        const { KeyService, systemClock } = await loadServer();
        return new KeyService(store, systemClock).create({
          workspace: opts.workspace,
          role: opts.role,
          name: opts.name,
        });
      });
      console.log(`Created ${created.role} key ${created.id} for workspace "${created.workspaceName}".`);
      console.log('Store it now: it is shown only once.');
      console.log(created.key);
    }),
  );

  keys.addCommand(
    withStorageOptions(new Command('list').description('list keys (hints only)').option('--workspace <name>')).action(
      async (opts: StorageOptions & { workspace?: string }) => {
        const rows = await withStore(await configFrom(opts), async (store) => {
          const { KeyService, systemClock } = await loadServer();
          const ws = opts.workspace ? await store.workspaces.findByName(opts.workspace) : undefined;
          if (opts.workspace && !ws) throw new Error(`no workspace named "${opts.workspace}"`);
          return new KeyService(store, systemClock).list(ws?.id);
        });
        if (rows.length === 0) {
          console.log('No keys yet: create one with `blinkpost keys create --workspace NAME`.');
          return;
        }
        console.table(
          rows.map((k) => ({
            id: k.id,
            workspace: k.workspace,
            name: k.name,
            role: k.role,
            key: k.key,
            created: k.created_at,
            last_used: k.last_used_at || 'never',
            state: k.revoked ? 'revoked' : 'live',
          })),
        );
      },
    ),
  );

  keys.addCommand(
    withStorageOptions(new Command('revoke').description('revoke a key by id').argument('<id>')).action(
      async (id: string, opts: StorageOptions) => {
        await withStore(await configFrom(opts), async (store) => {
          const { KeyService, systemClock } = await loadServer();
          await new KeyService(store, systemClock).revoke(id);
        });
        console.log(`Revoked key ${id}.`);
      },
    ),
  );
  keys.addCommand(keysRemoteCommand());
  return keys;
}
