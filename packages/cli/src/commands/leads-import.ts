import { createReadStream, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import {
  contactOf,
  csvRecords,
  MAX_CONTACTS_PER_REQUEST,
  type ColumnMapping,
  type CsvDelimiter,
  type CsvRecord,
} from '@blinkpost/contract';
import { ApiError, type BlinkpostClient } from '@blinkpost/sdk';
import {
  clearImport,
  freshProgress,
  importStatePath,
  loadImport,
  MAX_LISTED_BAD_ROWS,
  saveImport,
  type BadRow,
  type ImportKey,
  type ImportProgress,
} from './import-state.js';
import { mapArg, mapColumns } from './lead-columns.js';
import { Progress } from './progress.js';
import { CliError, remote, wholeNumber, type Remote } from './remote-client.js';

/** Rows per request unless `--batch-size` says: well under the API's 10,000, so a request stays small and quick. */
export const DEFAULT_BATCH_SIZE = 1000;
const DRY_RUN_ROWS = 5;

interface ImportFlags {
  list: string;
  map?: Record<string, string>;
  skipColumn?: string[];
  batchSize: number;
  delimiter: CsvDelimiter | 'detect';
  dryRun?: boolean;
  restart?: boolean;
}

/** A data row ready to send: where it starts and the contact it makes. */
interface Row {
  line: number;
  contact: Record<string, string>;
}

const batchSizeArg = (value: string): number => {
  const n = wholeNumber(1)(value);
  if (n > MAX_CONTACTS_PER_REQUEST) throw new InvalidArgumentError(`must be at most ${MAX_CONTACTS_PER_REQUEST}`);
  return n;
};

/** A record as a row to send, or as a bad row when it is malformed or its field count is not the header's. */
function rowOf(record: CsvRecord, mapping: ColumnMapping[]): Row | BadRow {
  if ('error' in record) return { line: record.line, email: '', reason: record.error };
  const contact = contactOf(mapping, record.fields);
  if (record.fields.length !== mapping.length)
    return {
      line: record.line,
      email: contact['Email'] ?? '',
      reason: `the row has ${record.fields.length} fields, the header ${mapping.length}`,
    };
  return { line: record.line, contact };
}

/** The row of a batch the server refused as a whole request (a 400 naming `contacts[i]`), if that is what it did. */
function refusedRow(err: unknown, size: number): number | undefined {
  if (!(err instanceof ApiError) || err.status !== 400) return undefined;
  const at = /^contacts\[(\d+)\]/.exec(err.message);
  const index = at ? Number(at[1]) : NaN;
  return index < size ? index : undefined;
}

/** Adds a bad row to the counts (and to the list, while it is short). */
function noteBad(progress: ImportProgress, bad: BadRow): void {
  progress.bad_rows += 1;
  if (progress.bad.length < MAX_LISTED_BAD_ROWS) progress.bad.push(bad);
}

/**
 * Sends one batch. Rows the server skips (bad email) become bad rows by their line; a row that makes
 * the server refuse the whole request (400 naming `contacts[i]`) is taken out and the rest sent again.
 */
async function sendBatch(client: BlinkpostClient, listId: string, rows: Row[], progress: ImportProgress) {
  let pending = rows;
  while (pending.length > 0) {
    try {
      const res = await client.addContacts({
        list_id: listId,
        contacts: pending.map((r) => r.contact),
        remove_duplicates: true,
      });
      progress.imported += res.added;
      progress.duplicates += res.duplicates;
      for (const bad of res.invalid)
        noteBad(progress, { line: pending[bad.index]!.line, email: bad.email, reason: bad.reason });
      return;
    } catch (err) {
      const i = refusedRow(err, pending.length);
      if (i === undefined) throw err;
      const row = pending[i]!;
      // The message names the field by its place in the request (`contacts[3].First_Name`): keep the field only.
      const reason = (err as Error).message.replace(/^contacts\[\d+\]\.?/, '');
      noteBad(progress, { line: row.line, email: row.contact['Email'] ?? '', reason });
      pending = pending.filter((_, j) => j !== i);
    }
  }
}

/** The file's records after its header, the header mapped to fields, and how many bytes were parsed so far. */
async function openCsv(path: string, flags: ImportFlags) {
  const read = { bytes: 0 };
  // Counted as the parser takes each piece (the stream reads ahead), so the share shown is the share parsed.
  async function* counted() {
    for await (const chunk of createReadStream(path, { encoding: 'utf8' })) {
      read.bytes += Buffer.byteLength(chunk as string);
      yield chunk as string;
    }
  }
  const records = csvRecords(counted(), { delimiter: flags.delimiter });
  try {
    const first = await records.next();
    if (first.done) throw new CliError(`${path} is empty`, 'the first row must name the columns');
    if ('error' in first.value)
      throw new CliError(`${path}: the header row (line ${first.value.line}) is malformed: ${first.value.error}`);
    const mapping = mapColumns(first.value.fields, { map: flags.map ?? {}, skip: flags.skipColumn ?? [] });
    return { read, records, mapping };
  } catch (err) {
    await records.return(undefined);
    throw err;
  }
}

/** `--dry-run`: the mapping and the first rows as they would be sent. */
async function dryRun({ out }: Remote, path: string, flags: ImportFlags): Promise<void> {
  const { records, mapping } = await openCsv(path, flags);
  const rows: Record<string, unknown>[] = [];
  for await (const record of records) {
    const row = rowOf(record, mapping);
    rows.push('contact' in row ? { line: row.line, ...row.contact } : { line: row.line, error: row.reason });
    if (rows.length === DRY_RUN_ROWS) break;
  }
  out.record(
    { file: path, list_id: flags.list, columns: mapping, rows },
    { lead: 'Dry run: nothing was sent. Columns map to these fields; the first rows would be sent as:' },
  );
}

/** Reads the rows after `skipThrough` and sends them in batches, saving progress after each. */
async function importRows(
  client: BlinkpostClient,
  path: string,
  flags: ImportFlags,
  progress: ImportProgress,
  save: () => void,
): Promise<void> {
  const { read, records, mapping } = await openCsv(path, flags);
  const size = statSync(path).size;
  const bar = new Progress(process.stderr, progress.rows);
  const skipThrough = progress.done_through_line;
  let batch: Row[] = [];
  let lastLine = skipThrough;
  const flush = async () => {
    if (batch.length > 0) await sendBatch(client, flags.list, batch, progress);
    batch = [];
    progress.done_through_line = lastLine;
    save();
    bar.update({ rows: progress.rows, fraction: size === 0 ? 1 : read.bytes / size });
  };
  try {
    for await (const record of records) {
      if (record.line <= skipThrough) continue;
      progress.rows += 1;
      lastLine = record.line;
      const row = rowOf(record, mapping);
      if ('contact' in row) batch.push(row);
      else noteBad(progress, row);
      if (batch.length >= flags.batchSize) await flush();
    }
    await flush();
  } finally {
    bar.done();
  }
}

async function runImport(remote: Remote, file: string, flags: ImportFlags): Promise<void> {
  const path = resolve(file);
  let stat;
  try {
    stat = statSync(path);
  } catch (err) {
    throw new CliError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  // An unknown list is said (exit 3) before the file is read.
  await remote.client.lists.get(flags.list);
  if (flags.dryRun) return dryRun(remote, path, flags);

  const key: ImportKey = { file: path, size: stat.size, mtime_ms: stat.mtimeMs, list_id: flags.list };
  const statePath = importStatePath(path, flags.list);
  if (flags.restart) clearImport(statePath);
  const saved = loadImport(statePath, key);
  if (saved.kind === 'changed')
    process.stderr.write(`blinkpost: ${file} changed since an interrupted import into this list; starting over\n`);
  const progress = saved.kind === 'resume' ? saved.progress : freshProgress();
  const resumedAfter = progress.done_through_line;
  if (resumedAfter > 0)
    process.stderr.write(
      `blinkpost: going on after line ${resumedAfter}, where an interrupted import stopped (--restart starts over)\n`,
    );
  try {
    await importRows(remote.client, path, flags, progress, () => saveImport(statePath, key, progress));
  } catch (err) {
    process.stderr.write(
      `blinkpost: the import stopped; the rows through line ${progress.done_through_line} are in the list. ` +
        'Run the same command again to go on from there.\n',
    );
    throw err;
  }
  clearImport(statePath);
  report(remote, path, flags.list, progress, resumedAfter);
}

/** The summary on stdout: what was imported, skipped as duplicates, and the bad rows by line. */
function report({ out }: Remote, path: string, listId: string, p: ImportProgress, resumedAfter: number): void {
  const bad = [...p.bad].sort((a, b) => a.line - b.line);
  const summary = {
    file: path,
    list_id: listId,
    rows: p.rows,
    imported: p.imported,
    duplicates: p.duplicates,
    bad_rows: p.bad_rows,
    bad,
    ...(resumedAfter > 0 ? { resumed_after_line: resumedAfter } : {}),
  };
  const listed = p.bad_rows > bad.length ? ` (the first ${bad.length} are listed)` : '';
  out.record(summary, {
    lead: `Imported ${p.imported} of ${p.rows} rows into list ${listId}: ${p.duplicates} already there, ${p.bad_rows} bad${listed}.`,
    omit: bad.length === 0 ? ['bad'] : [],
  });
}

const DELIMITERS: Readonly<Record<string, CsvDelimiter>> = { comma: ',', semicolon: ';', tab: '\t' };

function delimiterArg(v: string): CsvDelimiter {
  const d = DELIMITERS[v.toLowerCase()] ?? (v === ',' || v === ';' || v === '\t' ? v : undefined);
  if (!d) throw new InvalidArgumentError('use comma, semicolon or tab');
  return d;
}

/** `blinkpost leads import FILE --list ID`: a CSV file into a list, in batches, resumable. */
export function leadsImportCommand(): Command {
  return new Command('import')
    .description(
      'import leads from a CSV file (with a header row) into a list, in batches, skipping emails already there; bad ' +
        'rows are listed by line and the rest imported (exit 0); run it again after an interruption to go on where it stopped',
    )
    .argument('<file>', 'the CSV file')
    .requiredOption('--list <id>', 'the list to add the leads to (required)')
    .option(
      '--map <column=field>',
      'send a column as this field, e.g. --map "E-mail=email" --map "Org=company" (repeatable; otherwise headers name the fields, unknown ones become custom fields)',
      mapArg,
    )
    .option('--skip-column <column>', 'leave a column out (repeatable)', (v: string, all: string[] = []) => [...all, v])
    .option(
      '--batch-size <n>',
      `rows per request (at most ${MAX_CONTACTS_PER_REQUEST})`,
      batchSizeArg,
      DEFAULT_BATCH_SIZE,
    )
    .option(
      '--delimiter <comma|semicolon|tab>',
      'the field separator, by name or as the character itself (default: told by the header row, as spreadsheets in some locales write ; or tabs)',
      delimiterArg,
      'detect',
    )
    .option('--dry-run', 'print how the columns map and the first rows, and send nothing')
    .option('--restart', 'forget an interrupted import of this file into this list and start from the first row')
    .action(remote('lists list', (r, file: string, flags: ImportFlags) => runImport(r, file, flags)));
}
