import { csvLine, toCsv } from '@blinkpost/contract';
import type { OutputFormat } from './remote-client.js';

/** A column of a table: its header and how to read a row's cell. */
export type Columns<T> = Record<string, (row: T) => unknown>;

const MAX_CELL = 60;

/** A cell as text on one line: absent values as "-", long text cut unless `cut` is false. */
function cell(value: unknown, cut = true): string {
  if (value === undefined || value === null || value === '') return '-';
  const scalar = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
  const text = scalar ? String(value) : JSON.stringify(value);
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return cut && oneLine.length > MAX_CELL ? `${oneLine.slice(0, MAX_CELL - 1)}…` : oneLine;
}

/** Unix-ms fields (`next_send_at`, `sent_at`…) as ISO times; 0 means "not yet". */
function readable(key: string, value: unknown): unknown {
  if (typeof value !== 'number' || !/_at$/.test(key)) return value;
  return value === 0 ? '' : new Date(value).toISOString();
}

/** Rows as an aligned text table. */
export function renderTable<T>(rows: T[], columns: Columns<T>): string {
  const headers = Object.keys(columns);
  const cells = rows.map((row) => headers.map((h) => cell(columns[h]!(row))));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]!.length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(headers), ...cells.map(line)].join('\n');
}

/** Every key of the rows, as table columns; Unix-ms times made readable. */
function columnsOf(rows: Record<string, unknown>[]): Columns<Record<string, unknown>> {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return Object.fromEntries(keys.map((k) => [k, (r: Record<string, unknown>) => readable(k, r[k])]));
}

/** A cell as CSV holds it: whole (not cut), absent as empty, objects as JSON. */
const csvValue = (v: unknown): string | number | boolean =>
  v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : (v as string | number | boolean);

/** A row as it sits in `JSON.stringify(rows, null, 2)`: indented one level. */
const jsonItem = (row: unknown): string => `  ${JSON.stringify(row, null, 2).replace(/\n/g, '\n  ')}`;

/** A row's cells in CSV, with the table's columns. */
const csvRow = <T>(row: T, columns: Columns<T>) => Object.values(columns).map((read) => csvValue(read(row)));

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One object as `key  value` lines; nested objects get dotted keys, arrays of objects a table of their own. */
export function renderRecord(record: Record<string, unknown>, omit: string[] = []): string {
  const pairs: [string, string][] = [];
  const tables: string[] = [];
  const walk = (obj: Record<string, unknown>, prefix: string) => {
    for (const [key, value] of Object.entries(obj)) {
      if (omit.includes(key)) continue;
      const name = prefix + key;
      if (isRecord(value)) walk(value, `${name}.`);
      else if (Array.isArray(value) && value.length > 0 && value.every(isRecord))
        tables.push(`${name}:\n${renderTable(value, columnsOf(value))}`);
      else if (Array.isArray(value))
        pairs.push([name, value.length === 0 ? '-' : value.map((v) => cell(v)).join(', ')]);
      else pairs.push([name, cell(readable(key, value), false)]);
    }
  };
  walk(record, '');
  const width = Math.max(0, ...pairs.map(([k]) => k.length));
  return [pairs.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n'), ...tables].join('\n\n');
}

/** Where a command prints its result, in the format the user chose. */
export class Output {
  constructor(readonly format: OutputFormat) {}

  /** The result as JSON, for `--format json`. */
  json(value: unknown): void {
    process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** A list: a table, the JSON array, or CSV (formula-safe cells); `empty` says what to do when there is nothing. */
  list<T>(rows: T[], columns: Columns<T>, empty: string): void {
    if (this.format === 'json') return this.json(rows);
    if (this.format === 'csv') return this.csv(rows, columns);
    this.line(rows.length === 0 ? empty : renderTable(rows, columns));
  }

  /**
   * `list` of rows that arrive page by page (`--all`): JSON and CSV written as they come, so output
   * starts at once and the rows are never held whole; a table (whose widths need every row) at the end.
   * Answers how many rows there were.
   */
  async listAll<T>(rows: AsyncIterable<T>, columns: Columns<T>, empty: string): Promise<number> {
    if (this.format === 'table') {
      const all: T[] = [];
      for await (const row of rows) all.push(row);
      this.list(all, columns, empty);
      return all.length;
    }
    const write = (text: string) => process.stdout.write(text);
    let count = 0;
    if (this.format === 'csv') write(csvLine(Object.keys(columns)));
    for await (const row of rows) {
      write(this.format === 'csv' ? csvLine(csvRow(row, columns)) : `${count === 0 ? '[\n' : ',\n'}${jsonItem(row)}`);
      count += 1;
    }
    if (this.format === 'json') write(count === 0 ? '[]\n' : '\n]\n');
    return count;
  }

  /** One object: `key  value` lines, or the JSON object (also for `csv`: one record is no table); `lead` is a sentence printed first on a terminal. */
  record(value: object, opts: { lead?: string; omit?: string[] } = {}): void {
    if (this.format !== 'table') return this.json(value);
    const body = renderRecord(value as Record<string, unknown>, opts.omit);
    this.line(opts.lead ? `${opts.lead}\n\n${body}` : body);
  }

  /** Rows as CSV with the table's columns. */
  private csv<T>(rows: T[], columns: Columns<T>): void {
    process.stdout.write(
      toCsv(
        Object.keys(columns),
        rows.map((row) => csvRow(row, columns)),
      ),
    );
  }

  /** A sentence for people, e.g. what to do next; left out of `--format json` so stdout stays parseable. */
  note(text: string): void {
    if (this.format === 'table') this.line(text);
  }

  /** A line on stdout. */
  line(text: string): void {
    process.stdout.write(`${text}\n`);
  }
}
