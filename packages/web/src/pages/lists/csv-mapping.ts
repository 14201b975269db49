import {
  columnMapping,
  contactOf,
  CsvReader,
  detectDelimiter,
  targetOfHeader,
  type ColumnTarget,
  type CsvRecord,
} from '@blinkpost/contract';

/** A pasted or chosen file read whole: its header row's fields (none when that row is malformed) and the records after it. */
export interface CsvTable {
  headers: string[];
  headerError: string | null;
  rows: CsvRecord[];
}

/** Reads CSV text with the reader the CLI streams files through, its delimiter (`,` `;` or tab) told by the first line. */
export function readCsv(text: string): CsvTable {
  const reader = new CsvReader({ delimiter: detectDelimiter(text) });
  const [header, ...rows] = [...reader.push(text), ...reader.end()];
  if (header === undefined) return { headers: [], headerError: null, rows };
  if ('error' in header)
    return { headers: [], headerError: `The header row (line ${header.line}) is malformed: ${header.error}.`, rows };
  return { headers: header.fields, headerError: null, rows };
}

/** Maps each header by its name or a synonym, each standard field at most once (the picker allows one column a field); the rest to custom. */
export function autoMap(headers: readonly string[]): ColumnTarget[] {
  const taken = new Set<ColumnTarget>();
  return headers.map((header) => {
    const target = targetOfHeader(header);
    if (target === 'custom' || target === 'skip') return target;
    if (taken.has(target)) return 'custom';
    taken.add(target);
    return target;
  });
}

/** A contact ready for `POST /contacts`, with the line it came from. */
export interface MappedContact {
  line: number;
  contact: Record<string, string>;
}

/** A row that will not be imported, and why. */
export interface BadRow {
  line: number;
  reason: string;
}

const LOOKS_LIKE_EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The problem with a mapping as a whole (no column or two columns for Email), or null when it can import. */
export function mappingProblem(mapping: readonly ColumnTarget[]): string | null {
  const emails = mapping.filter((t) => t === 'Email').length;
  if (emails === 0) return 'Map one column to Email.';
  const seen = new Set<ColumnTarget>();
  for (const t of mapping) {
    if (t === 'custom' || t === 'skip') continue;
    if (seen.has(t)) return `Two columns are mapped to ${t}.`;
    seen.add(t);
  }
  return null;
}

/** Turns the data rows into contacts by the mapping; malformed rows and rows without a usable email are reported with their line. */
export function mapRows(
  headers: readonly string[],
  rows: readonly CsvRecord[],
  mapping: readonly ColumnTarget[],
): { contacts: MappedContact[]; bad: BadRow[] } {
  const columns = headers.map((header, i) => columnMapping(header, i, mapping[i] ?? 'skip'));
  const contacts: MappedContact[] = [];
  const bad: BadRow[] = [];
  for (const row of rows) {
    if ('error' in row) {
      bad.push({ line: row.line, reason: row.error });
      continue;
    }
    if (row.fields.length > headers.length && row.fields.slice(headers.length).some((c) => c.trim() !== '')) {
      bad.push({ line: row.line, reason: `has ${row.fields.length} cells, the header ${headers.length}` });
      continue;
    }
    const contact = contactOf(columns, row.fields);
    const email = contact.Email ?? '';
    if (email === '') bad.push({ line: row.line, reason: 'Email is empty' });
    else if (!LOOKS_LIKE_EMAIL.test(email)) bad.push({ line: row.line, reason: `"${email}" is not an email address` });
    else contacts.push({ line: row.line, contact });
  }
  return { contacts, bad };
}
