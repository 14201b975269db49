import { Command, Option } from 'commander';
import { MAX_BLOCKLIST_PAGE, type BlockEntry, type ListBlocklistQuery } from '@blinkpost/contract';
import type { Columns } from './output.js';
import { CliError, remote, wholeNumber } from './remote-client.js';

const COLUMNS: Columns<BlockEntry> = {
  ID: (e) => e.id,
  VALUE: (e) => e.email,
  TYPE: (e) => e.type,
  SOURCE: (e) => e.source,
  ADDED: (e) => e.created_at,
};

const EMPTY = 'Nothing blocked: add addresses or domains with `blinkpost blocklist add VALUE…`.';

type ListFlags = Omit<ListBlocklistQuery, 'type'> & { type?: BlockEntry['type']; all?: boolean };

/** `blinkpost blocklist list|add|remove|check|delete|clear`: the addresses and domains never emailed. */
export function blocklistCommand(): Command {
  const blocklist = new Command('blocklist').description(
    'the addresses and domains never emailed: list, add, remove, check one, clear',
  );

  blocklist
    .command('list')
    .description('entries, latest first')
    .addOption(new Option('--type <type>', 'addresses or domains only').choices(['email', 'domain']))
    .option('--search <text>', 'part of an address or domain, any case')
    .option(
      '--limit <n>',
      `at most this many (default 50, max ${MAX_BLOCKLIST_PAGE}); with --all, per page`,
      wholeNumber(1),
    )
    .option('--skip <n>', 'skip this many', wholeNumber(0))
    .addOption(new Option('--all', 'every matching entry, fetched page by page').conflicts('skip'))
    .action(
      remote('blocklist list', async ({ client, out }, o: ListFlags) => {
        const { all, ...query } = o;
        if (all) {
          const count = await out.listAll(client.blocklist.all(query), COLUMNS, EMPTY);
          if (count > 0) out.note(`\n${count} entries.`);
          return;
        }
        const page = await client.blocklist.list(query);
        if (out.format === 'json') return out.json(page);
        out.list(page.data, COLUMNS, EMPTY);
        if (page.data.length > 0) out.note(`\n${page.data.length} of ${page.total}`);
      }),
    );

  blocklist
    .command('add')
    .description('block addresses and domains (example.com or @example.com); values that are neither are reported')
    .argument('<values...>')
    .action(
      remote('blocklist list', async ({ client, out }, values: string[]) => {
        const r = await client.blocklist.add(values);
        // The rest are kept, so a refused value is a warning on stderr, not a failure.
        for (const bad of r.rejected) process.stderr.write(`blinkpost: refused ${bad.value}: ${bad.problem}\n`);
        if (out.format === 'json') return out.json(r);
        out.list(r.added, COLUMNS, 'Nothing new added.');
        out.note(`\n${r.added.length} added, ${r.already_blocked} already blocked, ${r.rejected.length} refused.`);
      }),
    );

  blocklist
    .command('remove')
    .description('take addresses and domains off the blocklist')
    .argument('<values...>')
    .action(
      remote('blocklist list', async ({ client, out }, values: string[]) => {
        const removed = await client.blocklist.remove(values);
        out.record({ removed }, { lead: removed === 0 ? 'None of those were on the blocklist.' : 'Removed.' });
      }),
    );

  blocklist
    .command('check')
    .description('whether an address is blocked, and by which entries (its own, its domain’s)')
    .argument('<email>')
    .action(
      remote('blocklist list', async ({ client, out }, email: string) => {
        const check = await client.blocklist.check(email);
        if (out.format !== 'table') return out.json(check);
        out.line(check.blocked ? `${check.email} is blocked by:\n` : `${check.email} is not blocked.`);
        if (check.blocked) out.list(check.entries, COLUMNS, '');
      }),
    );

  blocklist
    .command('delete')
    .description('remove one entry by its id')
    .argument('<id>')
    .action(
      remote('blocklist list', async ({ client, out }, id: string) => {
        await client.blocklist.delete(id);
        out.record({ id, deleted: true }, { lead: `Deleted entry ${id}.` });
      }),
    );

  blocklist
    .command('clear')
    .description('remove every entry, unsubscribes included')
    .option('--yes', 'yes, empty the whole blocklist')
    .action(
      remote('blocklist list', async ({ client, out }, o: { yes?: boolean }) => {
        if (!o.yes)
          throw new CliError(
            'not clearing the blocklist without --yes',
            'this removes every entry, recipients’ own unsubscribes too, so they can be emailed again',
          );
        const removed = await client.blocklist.clear();
        out.record({ removed }, { lead: 'Cleared the blocklist.' });
      }),
    );
  return blocklist;
}
