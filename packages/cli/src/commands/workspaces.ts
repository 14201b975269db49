import { Command } from 'commander';
import type { Workspace } from '@blinkpost/contract';
import type { Columns } from './output.js';
import { remote } from './remote-client.js';

const COLUMNS: Columns<Workspace> = { ID: (w) => w.id, NAME: (w) => w.name, CREATED: (w) => w.created_at };

/** `blinkpost workspaces list|create|rename`: workspaces, on a running server (admin keys only). */
export function workspacesCommand(): Command {
  const workspaces = new Command('workspaces').description('show, create and rename workspaces (admin keys only)');

  workspaces
    .command('list')
    .description("show your key's workspace")
    .action(
      remote('workspaces list', async ({ client, out }) => {
        out.list(await client.workspaces.list(), COLUMNS, 'No workspace.');
      }),
    );

  workspaces
    .command('create')
    .description('create a workspace and its first admin key, printed once')
    .argument('<name>', 'at least 4 characters')
    .action(
      remote('workspaces list', async ({ client, out }, name: string) => {
        const created = await client.workspaces.create(name);
        out.record(created, { lead: `Created workspace ${created.id}.` });
        out.note('\nStore its API key now: it is shown only once and is the only way into the workspace.');
      }),
    );

  workspaces
    .command('rename')
    .description("rename your key's workspace")
    .argument('<id>')
    .argument('<name>', 'at least 4 characters')
    .action(
      remote('workspaces list', async ({ client, out }, id: string, name: string) => {
        out.record(await client.workspaces.rename(id, name), { lead: `Renamed workspace ${id}.` });
      }),
    );
  return workspaces;
}
