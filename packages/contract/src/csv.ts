// Shared by the server (sequence export) and the CLI (`--format csv`): pure, no I/O.
// Cells a spreadsheet would run as a formula (OWASP "CSV injection"): a leading = + - @, tab or carriage return.
const FORMULA_START = /^[=+\-@\t\r]/;
// RFC 4180: a cell holding a quote, comma or line break is quoted, its quotes doubled.
const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV cell, made formula-safe (a leading `'`) and quoted when RFC 4180 asks for it. */
export function csvCell(value: string | number | boolean): string {
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line: the cells made safe and joined, ending in CRLF as RFC 4180 says. */
export function csvLine(cells: readonly (string | number | boolean)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** A CSV document: the header row, then each row. */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | boolean)[])[]): string {
  return [header, ...rows].map(csvLine).join('');
}
