import { Command, Option } from 'commander';
import { SEQUENCE_STATUSES, type SequenceStatusBody, type SequenceSummary } from '@blinkpost/contract';
import type { SequenceLead, SequenceLeadMessage } from '@blinkpost/sdk';
import type { Columns } from './output.js';
import { CliError, remote, wholeNumber, type Remote } from './remote-client.js';
import { addSequenceExport } from './sequence-export.js';
import { sequenceBodyOf, withSequenceFlags, type SequenceFlags } from './sequence-flags.js';

const COLUMNS: Columns<SequenceSummary> = {
  ID: (s) => s.id,
  NAME: (s) => s.name,
  STATUS: (s) => s.status,
  SENT: (s) => s.sent,
  OPENS: (s) => s.opens,
  CLICKS: (s) => s.clicks,
  REPLIES: (s) => s.replies,
};

const LEAD_COLUMNS: Columns<SequenceLead> = {
  ID: (l) => l.id,
  EMAIL: (l) => l.Email,
  NAME: (l) => [l.First_Name, l.Last_Name].filter(Boolean).join(' '),
  STATUS: (l) => l.status,
  'NEXT STEP': (l) => l.next_step,
  'NEXT SEND': (l) => (l.next_send_at ? new Date(l.next_send_at).toISOString() : ''),
  REASON: (l) => l.reason,
};

const MESSAGE_COLUMNS: Columns<SequenceLeadMessage> = {
  STEP: (m) => m.step,
  STATUS: (m) => m.status,
  SUBJECT: (m) => m.subject,
  SENT: (m) => (m.sent_at ? new Date(m.sent_at).toISOString() : ''),
  ATTEMPTS: (m) => m.attempts,
  ERROR: (m) => m.error,
};

type Paging = { limit?: number; skip?: number };

const withPaging = (cmd: Command, max: number) =>
  cmd
    .option('--limit <n>', `at most this many (max ${max})`, wholeNumber(1))
    .option('--skip <n>', 'skip this many', wholeNumber(0));

/** A `start|pause|stop ID` command: one status change, and the status it led to. */
function statusCommand(
  name: string,
  status: SequenceStatusBody['status'],
  description: string,
  next?: (id: string) => string,
) {
  return new Command(name)
    .description(description)
    .argument('<id>')
    .action(
      remote('sequences list', async ({ client, out }: Remote, id: string) => {
        const seq = await client.sequences.setStatus(id, status);
        if (out.format === 'json') return out.json(seq);
        out.line(`Sequence ${id} is ${seq.status}.`);
        if (next) out.note(next(id));
      }),
    );
}

/** `blinkpost sequences …`: sequences on a running server, their leads, numbers and forecast. */
export function sequencesCommand(): Command {
  const sequences = new Command('sequences').description('create, start and watch sequences');

  withPaging(sequences.command('list').description('list sequences with their counters, latest first'), 100)
    .option('--search <text>', 'part of the name')
    .addOption(new Option('--status <status>').choices(SEQUENCE_STATUSES))
    .option('--all', 'include archived sequences')
    .action(
      remote(
        'sequences list',
        async ({ client, out }, o: Paging & { search?: string; status?: SequenceSummary['status']; all?: boolean }) => {
          const { all, ...query } = o;
          const rows = await client.sequences.list({ ...query, ...(all ? { sendAll: true } : {}) });
          out.list(
            rows,
            COLUMNS,
            'No sequences: create one with `blinkpost sequences create --name … --senders … --lists … --template …`.',
          );
        },
      ),
    );

  sequences
    .command('get')
    .description('show one sequence with its settings and steps')
    .argument('<id>')
    .action(
      remote('sequences list', async ({ client, out }, id: string) =>
        out.record(await client.sequences.get(id), { omit: ['flowchart'] }),
      ),
    );

  withSequenceFlags(sequences.command('create').description('create a sequence, paused unless --start'))
    .option('--start', 'start sending at once')
    .action(
      remote('sequences list', async ({ client, out }, opts: SequenceFlags & { start?: boolean }) => {
        const body = sequenceBodyOf(opts);
        const { name, senders, lists, steps } = body;
        if (!name || !senders || !lists || !steps)
          throw new CliError(
            'a sequence needs --name, --senders, --lists and --steps-file (or --template)',
            'see `blinkpost sequences create --help`',
          );
        const seq = await client.sequences.create({
          ...body,
          name,
          senders,
          lists,
          steps,
          ...(opts.start ? { paused: false } : {}),
        });
        out.record(seq, { lead: `Created sequence ${seq.id} (${seq.status}).`, omit: ['flowchart'] });
        out.note(
          seq.paused
            ? `\nStart it: blinkpost sequences start ${seq.id}`
            : `\nWatch it: blinkpost sequences forecast ${seq.id}`,
        );
      }),
    );

  withSequenceFlags(
    sequences
      .command('update')
      .description('change a sequence; --steps-file or --template replaces every step')
      .argument('<id>'),
  ).action(
    remote('sequences list', async ({ client, out }, id: string, opts: SequenceFlags) => {
      const body = sequenceBodyOf(opts);
      if (Object.keys(body).length === 0)
        throw new CliError('nothing to change', 'see `blinkpost sequences update --help`');
      out.record(await client.sequences.update(id, body), { lead: `Updated sequence ${id}.`, omit: ['flowchart'] });
    }),
  );

  sequences.addCommand(
    statusCommand(
      'start',
      'ACTIVE',
      'start (or resume) sending',
      (id) => `See what goes out today: blinkpost sequences forecast ${id}`,
    ),
  );
  sequences.addCommand(statusCommand('pause', 'PAUSED', 'pause sending; start resumes it'));
  sequences.addCommand(statusCommand('stop', 'STOPPED', 'stop for good: the sequence is completed'));

  sequences
    .command('archive')
    .description('archive a sequence: pauses it and drops pending steps (--restore brings it back)')
    .argument('<id>')
    .option('--restore', 'un-archive')
    .action(
      remote('sequences list', async ({ client, out }, id: string, opts: { restore?: boolean }) => {
        await client.sequences.archive(id, !opts.restore);
        if (out.format === 'json') return out.json({ id, archived: !opts.restore });
        out.line(`Sequence ${id} is ${opts.restore ? 'restored (paused)' : 'archived'}.`);
      }),
    );

  sequences
    .command('clone')
    .description('copy a sequence; the copy is paused')
    .argument('<id>')
    .action(
      remote('sequences list', async ({ client, out }, id: string) => {
        const copy = await client.sequences.clone(id);
        if (out.format === 'json') return out.json({ clonedSequenceId: copy });
        out.line(`Cloned sequence ${id} into ${copy} (paused).`);
      }),
    );

  withPaging(
    sequences.command('leads').description("the sequence's leads and where each stands").argument('<id>'),
    500,
  ).action(
    remote('sequences list', async ({ client, out }, id: string, page: Paging) => {
      const res = await client.sequences.leads(id, page);
      if (out.format === 'json') return out.json(res);
      out.list(
        res.data,
        LEAD_COLUMNS,
        'No leads enrolled yet: a sequence enrolls the leads of its lists once started.',
      );
      if (res.data.length > 0) out.line(`\n${res.skip + 1}–${res.skip + res.data.length} of ${res.total} leads`);
    }),
  );

  withPaging(
    sequences
      .command('messages')
      .description('what the sequence sent (or tried to) to one lead')
      .argument('<id>')
      .argument('<lead-id>'),
    500,
  ).action(
    remote('sequences leads ID', async ({ client, out }, id: string, leadId: string, page: Paging) => {
      const rows = await client.sequences.leadMessages(id, leadId, page);
      out.list(rows, MESSAGE_COLUMNS, 'Nothing sent to this lead yet.');
    }),
  );

  sequences
    .command('stats')
    .description("the sequence's numbers: sent, opens, clicks, replies, leads and messages by state")
    .argument('<id>')
    .action(
      remote('sequences list', async ({ client, out }, id: string) => out.record(await client.sequences.stats(id))),
    );

  sequences
    .command('forecast')
    .description("why isn't it sending? today's sends per sender, and what holds the rest back")
    .argument('<id>')
    .action(
      remote('sequences list', async ({ client, out }, id: string) => {
        const forecast = await client.sequences.forecast(id);
        const { summary, ...rest } = forecast;
        if (out.format === 'json') return out.json(forecast);
        out.record(rest, summary ? { lead: summary } : {});
      }),
    );
  addSequenceExport(sequences);
  return sequences;
}
