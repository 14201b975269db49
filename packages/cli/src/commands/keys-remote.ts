import { Command, Option } from 'commander';
import type { ApiKeySummary, IssuedApiKey, KeyRole } from '@blinkpost/contract';
import type { Columns } from './output.js';
import { remote } from './remote-client.js';

const COLUMNS: Columns<ApiKeySummary> = {
  ID: (k) => k.id,
  NAME: (k) => k.name,
  ROLE: (k) => k.role,
  KEY: (k) => k.key,
  CREATED: (k) => k.created_at,
  LAST_USED: (k) => k.last_used_at || 'never',
};

const SHOWN_ONCE = '\nStore the key now: it is shown only once.';

/**
 * `blinkpost keys remote list|create|refresh|delete`: the keys of the calling key's workspace, through a
 * running server's API (an admin key). The other `keys` subcommands work on the server's database.
 */
export function keysRemoteCommand(): Command {
  const keys = new Command('remote').description(
    "the API keys of your key's workspace, through a running server (--base-url, --api-key; admin keys only)",
  );

  keys
    .command('list')
    .description('list live keys (hints only)')
    .action(
      remote('keys remote list', async ({ client, out }) => {
        out.list(await client.keys.list(), COLUMNS, 'No keys.');
      }),
    );

  keys
    .command('create')
    .description('create a key; prints it once')
    .requiredOption('--name <label>', 'a label to recognise the key by (required)')
    .addOption(new Option('--role <role>', 'what the key may do').choices(['admin', 'member']).default('admin'))
    .action(
      remote('keys remote list', async ({ client, out }, opts: { name: string; role: KeyRole }) => {
        const created: IssuedApiKey = await client.keys.create({ name: opts.name, role: opts.role });
        out.record(created, { lead: `Created ${created.role} key ${created.id}.` });
        out.note(SHOWN_ONCE);
      }),
    );

  keys
    .command('refresh')
    .description('give a key a new secret (same id and name); the old one stops working; prints it once')
    .argument('<id>')
    .action(
      remote('keys remote list', async ({ client, out }, id: string) => {
        out.record(await client.keys.refresh(id), { lead: `Refreshed key ${id}; the old key no longer works.` });
        out.note(SHOWN_ONCE);
      }),
    );

  keys
    .command('delete')
    .description("revoke a key (not the one in use, nor the workspace's last admin key)")
    .argument('<id>')
    .action(
      remote('keys remote list', async ({ client, out }, id: string) => {
        out.record(await client.keys.delete(id), { lead: `Deleted key ${id}.` });
      }),
    );
  return keys;
}
