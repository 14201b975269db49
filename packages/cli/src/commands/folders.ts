import { Command, Option } from 'commander';
import { FOLDER_TYPES, type Folder, type FolderType, type ListFoldersQuery } from '@blinkpost/contract';
import type { Columns } from './output.js';
import { remote, wholeNumber } from './remote-client.js';

const COLUMNS: Columns<Folder> = {
  ID: (f) => f.id,
  NAME: (f) => f.name,
  TYPE: (f) => f.type,
  CREATED: (f) => f.created_at,
};

/** `blinkpost folders list|create`: folders, on a running server. */
export function foldersCommand(): Command {
  const folders = new Command('folders').description('list and create folders (general, or email-sender for senders)');

  folders
    .command('list')
    .description('list folders, latest first')
    .addOption(new Option('--type <type>', 'which folders').choices(['all', ...FOLDER_TYPES]))
    .option('--search <text>', 'part of the name')
    .option('--limit <n>', 'at most this many (max 100)', wholeNumber(1))
    .option('--skip <n>', 'skip this many', wholeNumber(0))
    .action(
      remote('folders list', async ({ client, out }, opts: ListFoldersQuery) => {
        out.list(
          await client.folders.list(opts),
          COLUMNS,
          'No folders: create one with `blinkpost folders create NAME`.',
        );
      }),
    );

  folders
    .command('create')
    .description('create a folder')
    .argument('<name>')
    .addOption(new Option('--type <type>', 'general or email-sender').choices([...FOLDER_TYPES]).default('general'))
    .action(
      remote('folders list', async ({ client, out }, name: string, opts: { type: FolderType }) => {
        const folder = await client.folders.create({ name, type: opts.type });
        out.record(folder, { lead: `Created ${folder.type} folder ${folder.id}.` });
      }),
    );
  return folders;
}
