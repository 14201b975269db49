import { csvCell } from '@blinkpost/contract';
import type { Columns, Output } from './output.js';

// `Output.list` needs the whole list; `--all` over a long feed should not. This writes the same JSON
// array and CSV row by row as pages arrive, so output starts at once and the list is never held whole.

/** A row as it sits in `JSON.stringify(rows, null, 2)`: indented one level. */
const jsonItem = (row: unknown): string => `  ${JSON.stringify(row, null, 2).replace(/\n/g, '\n  ')}`;

/** A cell as `Output.list` writes it in CSV: absent as empty, objects as JSON. */
const csvValue = (v: unknown): string | number | boolean =>
  v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : (v as string | number | boolean);

const write = (text: string) => process.stdout.write(text);

/**
 * Prints every row of `rows` in the output's format, JSON and CSV as the rows arrive; a table (whose
 * widths need every row) once they all have. Answers how many rows there were.
 */
export async function listStreamed<T>(
  out: Output,
  rows: AsyncIterable<T>,
  columns: Columns<T>,
  empty: string,
): Promise<number> {
  if (out.format === 'table') {
    const all: T[] = [];
    for await (const row of rows) all.push(row);
    out.list(all, columns, empty);
    return all.length;
  }
  const headers = Object.keys(columns);
  let count = 0;
  if (out.format === 'csv') write(`${headers.map(csvCell).join(',')}\r\n`);
  for await (const row of rows) {
    if (out.format === 'csv') write(`${headers.map((h) => csvCell(csvValue(columns[h]!(row)))).join(',')}\r\n`);
    else write(`${count === 0 ? '[\n' : ',\n'}${jsonItem(row)}`);
    count += 1;
  }
  if (out.format === 'json') write(count === 0 ? '[]\n' : '\n]\n');
  return count;
}
