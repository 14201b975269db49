import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { remote, wholeNumber } from './remote-client.js';

/** Adds `sequences export ID [--limit N] [--output FILE]`: the sequence's leads as formula-safe CSV. */
export function addSequenceExport(sequences: Command): void {
  sequences
    .command('export')
    .description("the sequence's leads and where each stands, as CSV (stdout, or --output FILE)")
    .argument('<id>')
    .option('--limit <n>', 'at most this many leads (default 10,000, max 50,000)', wholeNumber(1))
    .option('--output <file>', 'write the CSV to this file')
    .action(
      // CSV whatever --format says: it is what the endpoint answers.
      remote('sequences list', async ({ client, out }, id: string, o: { limit?: number; output?: string }) => {
        const csv = await client.sequences.export(id, o.limit === undefined ? {} : { limit: o.limit });
        if (!o.output) return void process.stdout.write(csv);
        writeFileSync(o.output, csv, { mode: 0o600 });
        out.note(`Wrote ${o.output}.`);
      }),
    );
}
