import { Command, InvalidArgumentError } from 'commander';
import type { ActivityRecord, LeadActivityQuery } from '@blinkpost/contract';
import type { Columns } from './output.js';
import { leadsImportCommand } from './leads-import.js';
import { CliError, remote, wholeNumber } from './remote-client.js';

const ACTIVITY_COLUMNS: Columns<ActivityRecord> = {
  TIME: (r) => new Date(r.time).toISOString(),
  EVENT: (r) => r.message,
  SEQUENCE: (r) => r.sequence_name,
  STEP: (r) => r.step,
  SUBJECT: (r) => r.subject,
};

/** Parses `KEY=VALUE` into a field update; `KEY=` clears the field. */
const fieldArg = (value: string, previous: Record<string, string | null> = {}): Record<string, string | null> => {
  const at = value.indexOf('=');
  if (at <= 0) throw new InvalidArgumentError('must be FIELD=VALUE (FIELD= clears it)');
  const v = value.slice(at + 1);
  return { ...previous, [value.slice(0, at)]: v === '' ? null : v };
};

interface ActivityFlags {
  email?: string;
  sequence?: string;
  from?: string;
  to?: string;
  limit?: number;
  skip?: number;
}

/** `blinkpost leads import|update|move|archive|activity|unsubscribe`: leads on a running server. */
export function leadsCommand(): Command {
  const leads = new Command('leads').description(
    'import leads from CSV; change, move, archive and unsubscribe leads, and read their activity',
  );
  leads.addCommand(leadsImportCommand());

  leads
    .command('update')
    .description("change a lead's fields (any casing, e.g. --set first_name=Ann --set Tier=gold) or its star")
    .argument('<id>')
    .option('--set <field=value>', 'a field to set (repeatable; FIELD= clears it)', fieldArg)
    .option('--star', 'star the lead')
    .option('--unstar', 'unstar the lead')
    .action(
      remote(
        'lists leads LIST',
        async (
          { client, out },
          id: string,
          o: { set?: Record<string, string | null>; star?: boolean; unstar?: boolean },
        ) => {
          const body: Record<string, unknown> = { ...o.set };
          if (o.star || o.unstar) body['starred'] = Boolean(o.star);
          if (Object.keys(body).length === 0)
            throw new CliError('nothing to change', 'pass --set FIELD=VALUE, --star or --unstar');
          out.record(await client.leads.update(id, body), { lead: `Updated lead ${id}.` });
        },
      ),
    );

  leads
    .command('move')
    .description('move a lead to another list')
    .argument('<id>')
    .requiredOption('--list <id>', 'the destination list (required)')
    .action(
      remote('lists leads LIST', async ({ client, out }, id: string, o: { list: string }) => {
        await client.leads.move(id, o.list);
        if (out.format === 'json') return out.json({ id, list_id: o.list });
        out.line(`Moved lead ${id} to list ${o.list}.`);
      }),
    );

  leads
    .command('archive')
    .description('archive a lead (its pending steps stop everywhere), or bring it back with --restore')
    .argument('<id>')
    .option('--restore', 'unarchive it')
    .action(
      remote('lists leads LIST', async ({ client, out }, id: string, o: { restore?: boolean }) => {
        await client.leads.archive(id, !o.restore);
        if (out.format === 'json') return out.json({ id, archived: !o.restore });
        out.line(o.restore ? `Restored lead ${id}.` : `Archived lead ${id}.`);
      }),
    );

  leads
    .command('unsubscribe')
    .description('unsubscribe a lead everywhere (blocklist), or only from one sequence with --sequence')
    .argument('<id>')
    .option('--sequence <id>', 'take the lead out of this sequence only')
    .action(
      remote('lists leads LIST', async ({ client, out }, id: string, o: { sequence?: string }) => {
        if (o.sequence) {
          await client.sequences.unsubscribeLead(o.sequence, id);
          if (out.format === 'json') return out.json({ id, sequence_id: o.sequence });
          return out.line(`Took lead ${id} out of sequence ${o.sequence}.`);
        }
        const res = await client.leads.unsubscribe(id);
        if (out.format === 'json') return out.json(res);
        out.line(`Unsubscribed ${res.email} (${res.lead_ids.length} lead${res.lead_ids.length === 1 ? '' : 's'}).`);
      }),
    );

  leads
    .command('activity')
    .description("a lead's activity, latest first: by id, or by --email")
    .argument('[id]')
    .option('--email <address>', 'the address instead of a lead id')
    .option('--sequence <id>', 'only this sequence')
    .option('--from <time>', 'at or after (Unix ms or ISO-8601)')
    .option('--to <time>', 'at or before (Unix ms or ISO-8601)')
    .option('--limit <n>', 'at most this many (max 500)', wholeNumber(1))
    .option('--skip <n>', 'skip this many', wholeNumber(0))
    .action(
      remote('lists leads LIST', async ({ client, out }, id: string | undefined, o: ActivityFlags) => {
        if (!id && !o.email) throw new CliError('give a lead id or --email', 'see `blinkpost leads activity --help`');
        const query: LeadActivityQuery = {
          sequence_id: o.sequence,
          from: o.from,
          to: o.to,
          limit: o.limit,
          skip: o.skip,
        };
        const page = id ? await client.leads.activity(id, query) : await client.leads.activityByEmail(o.email!, query);
        if (out.format === 'json') return out.json(page);
        out.line(`${page.lead.Email} (lead ${page.lead.id}, ${page.lead.status})\n`);
        out.list(page.data, ACTIVITY_COLUMNS, 'No activity yet.');
        if (page.data.length > 0) out.line(`\n${page.skip + 1}–${page.skip + page.data.length} of ${page.total}`);
      }),
    );
  return leads;
}
