import { Command, Option } from 'commander';
import { LEAD_STATUSES, type Lead, type List, type ListLeadsQuery, type UpdateListBody } from '@blinkpost/contract';
import type { ListQuery } from '@blinkpost/sdk';
import type { Columns } from './output.js';
import { CliError, remote, wholeNumber } from './remote-client.js';

const COLUMNS: Columns<List> = {
  ID: (l) => l.id,
  NAME: (l) => l.name,
  LEADS: (l) => l.contacts_count,
  STARRED: (l) => (l.starred ? 'yes' : ''),
  ARCHIVED: (l) => (l.archived ? 'yes' : ''),
  FOLDER: (l) => l.folder,
};

/** Columns of a lead in a table. */
export const LEAD_COLUMNS: Columns<Lead> = {
  ID: (l) => l.id,
  EMAIL: (l) => l.Email,
  NAME: (l) => [l.First_Name, l.Last_Name].filter(Boolean).join(' '),
  COMPANY: (l) => l.Company_Name,
  STATUS: (l) => l.status,
  STARRED: (l) => (l.starred ? 'yes' : ''),
};

interface ListFlags {
  name?: string;
  folder?: string;
  star?: boolean;
  unstar?: boolean;
  duplicateRemoval?: boolean;
  verification?: boolean;
}

/** `blinkpost lists list|get|create|update|archive|leads`: lists of leads on a running server. */
export function listsCommand(): Command {
  const lists = new Command('lists').description('list, create, change and archive lists, and read their leads');

  lists
    .command('list')
    .description('list lists, latest first')
    .option('--search <text>', 'part of the name')
    .option('--folder <id>', 'only the lists in this folder')
    .option('--owned-by <owner>', 'only the lists of this owner')
    .addOption(new Option('--sort-by <field>').choices(['created_at', 'name', 'last_modified', 'contacts_count']))
    .addOption(new Option('--sort-type <order>').choices(['asc', 'desc']))
    .option('--limit <n>', 'at most this many (max 100)', wholeNumber(1))
    .option('--skip <n>', 'skip this many', wholeNumber(0))
    .action(
      remote(
        'lists list',
        async (
          { client, out },
          o: {
            search?: string;
            folder?: string;
            ownedBy?: string;
            sortBy?: ListQuery['sortBy'];
            sortType?: ListQuery['sortType'];
            limit?: number;
            skip?: number;
          },
        ) => {
          const query: ListQuery = {
            search: o.search,
            folder: o.folder,
            owned_by: o.ownedBy,
            sortBy: o.sortBy,
            sortType: o.sortType,
            limit: o.limit,
            skip: o.skip,
          };
          out.list(await client.lists.list(query), COLUMNS, 'No lists: create one with `blinkpost lists create NAME`.');
        },
      ),
    );

  lists
    .command('get')
    .description('show one list')
    .argument('<id>')
    .action(remote('lists list', async ({ client, out }, id: string) => out.record(await client.lists.get(id))));

  lists
    .command('create')
    .description('create an empty list')
    .argument('<name>')
    .action(
      remote('lists list', async ({ client, out }, name: string) => {
        const list = await client.createList({ name });
        out.record(list, { lead: `Created list ${list.id}.` });
      }),
    );

  lists
    .command('update')
    .description("change a list's name, folder, star or settings")
    .argument('<id>')
    .option('--name <name>', 'new name')
    .option('--folder <id>', 'folder id ("" takes it out of its folder)')
    .option('--star', 'star it')
    .option('--unstar', 'unstar it')
    .option('--duplicate-removal', 'skip duplicate emails when contacts are added')
    .option('--no-duplicate-removal', 'keep duplicate emails when contacts are added')
    .option('--verification', 'turn email verification on (it cannot be turned off)')
    .action(
      remote('lists list', async ({ client, out }, id: string, o: ListFlags) => {
        const body: UpdateListBody = {};
        if (o.name !== undefined) body.name = o.name;
        if (o.folder !== undefined) body.folder = o.folder;
        if (o.star || o.unstar) body.starred = Boolean(o.star);
        if (o.duplicateRemoval !== undefined) body.duplicate_removal = o.duplicateRemoval;
        if (o.verification) body.verification = true;
        if (Object.keys(body).length === 0)
          throw new CliError('nothing to change', 'see `blinkpost lists update --help`');
        out.record(await client.lists.update(id, body), { lead: `Updated list ${id}.` });
      }),
    );

  lists
    .command('archive')
    .description('archive a list (its leads are no longer enrolled), or bring it back with --restore')
    .argument('<id>')
    .option('--restore', 'unarchive it')
    .action(
      remote('lists list', async ({ client, out }, id: string, o: { restore?: boolean }) => {
        await client.lists.archive(id, !o.restore);
        if (out.format === 'json') return out.json({ id, archived: !o.restore });
        out.line(o.restore ? `Restored list ${id}.` : `Archived list ${id}.`);
      }),
    );

  lists
    .command('leads')
    .description("one page of a list's leads, latest first")
    .argument('<id>')
    .option('--search <text>', 'part of the email or a name')
    .addOption(new Option('--status <status>').choices([...LEAD_STATUSES]))
    .option('--sequence <id>', 'only the leads of this sequence')
    .option('--archived', 'only archived leads')
    .addOption(new Option('--sort <order>', 'by creation').choices(['asc', 'desc']))
    .option('--limit <n>', 'at most this many (max 500)', wholeNumber(1))
    .option('--skip <n>', 'skip this many', wholeNumber(0))
    .action(
      remote('lists list', async ({ client, out }, id: string, o: Omit<ListLeadsQuery, 'owned_by'>) => {
        const page = await client.lists.leads(id, o);
        if (out.format === 'json') return out.json(page);
        out.list(page.data, LEAD_COLUMNS, 'No leads match.');
      }),
    );
  return lists;
}
