import { fieldKey, standardFieldOf, STANDARD_CONTACT_FIELDS, type StandardContactField } from '@blinkpost/contract';
import type { CsvRecord } from './csv-parse.ts';

/** Where a CSV column goes: a standard contact field, a custom field named after the header, or nowhere. */
export type ColumnTarget = StandardContactField | 'custom' | 'skip';

/** Every target a column can be mapped to, in the order the picker shows them. */
export const COLUMN_TARGETS: readonly ColumnTarget[] = [...STANDARD_CONTACT_FIELDS, 'custom', 'skip'];

// Headers people export from CRMs and spreadsheets that the API would keep as custom fields; the
// names the API itself matches (`standardFieldOf`) come first.
const EXPORT_SYNONYMS: Record<string, StandardContactField> = {
  mail: 'Email',
  workemail: 'Email',
  first: 'First_Name',
  givenname: 'First_Name',
  last: 'Last_Name',
  surname: 'Last_Name',
  familyname: 'Last_Name',
  mobile: 'Phone',
  organization: 'Company_Name',
  organisation: 'Company_Name',
  position: 'Job_Title',
  address: 'Street',
  region: 'State',
  url: 'Website',
  site: 'Website',
};

/** The standard field a header names, as the API matches keys or by a common export synonym. */
const fieldOfHeader = (header: string): StandardContactField | undefined => {
  const key = fieldKey(header);
  return standardFieldOf(header) ?? (Object.hasOwn(EXPORT_SYNONYMS, key) ? EXPORT_SYNONYMS[key] : undefined);
};

/** Maps each header to a field: known names and synonyms to standard fields (each at most once), the rest to custom. */
export function autoMap(headers: readonly string[]): ColumnTarget[] {
  const taken = new Set<ColumnTarget>();
  return headers.map((header) => {
    if (fieldKey(header) === '') return 'skip';
    const field = fieldOfHeader(header);
    if (field && !taken.has(field)) {
      taken.add(field);
      return field;
    }
    return 'custom';
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

/**
 * The key a custom column is sent under: its header, unless the API would read that header as a
 * standard field (a second "email" column, or "Company" kept custom on purpose).
 */
function customKey(header: string, index: number): string {
  const name = header.trim() || `column_${index + 1}`;
  return standardFieldOf(name) ? `${name}_custom` : name;
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

/** Turns the data rows into contacts by the mapping; rows without a usable email are reported with their line. */
export function mapRows(
  headers: readonly string[],
  rows: readonly CsvRecord[],
  mapping: readonly ColumnTarget[],
): { contacts: MappedContact[]; bad: BadRow[] } {
  const contacts: MappedContact[] = [];
  const bad: BadRow[] = [];
  for (const row of rows) {
    if (row.cells.length > headers.length && row.cells.slice(headers.length).some((c) => c.trim() !== '')) {
      bad.push({ line: row.line, reason: `has ${row.cells.length} cells, the header ${headers.length}` });
      continue;
    }
    const contact: Record<string, string> = {};
    mapping.forEach((target, i) => {
      const value = (row.cells[i] ?? '').trim();
      if (target === 'skip' || value === '') return;
      contact[target === 'custom' ? customKey(headers[i] ?? '', i) : target] = value;
    });
    const email = contact.Email ?? '';
    if (email === '') bad.push({ line: row.line, reason: 'Email is empty' });
    else if (!LOOKS_LIKE_EMAIL.test(email)) bad.push({ line: row.line, reason: `"${email}" is not an email address` });
    else contacts.push({ line: row.line, contact });
  }
  return { contacts, bad };
}
