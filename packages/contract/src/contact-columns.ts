// Where the columns of an imported CSV file go: shared by the CLI (`leads import`) and the dashboard's import.
import { fieldKey, standardFieldOf } from './contact-fields.js';
import { STANDARD_CONTACT_FIELDS, type StandardContactField } from './contacts.schema.js';

/** Where a column goes: a standard contact field, a custom field named after the column, or nowhere. */
export type ColumnTarget = StandardContactField | 'custom' | 'skip';

/** Every target a column can be given, in the order a picker shows them. */
export const COLUMN_TARGETS: readonly ColumnTarget[] = [...STANDARD_CONTACT_FIELDS, 'custom', 'skip'];

/** Where one column goes, resolved: the contact key its values are sent under (`null`: left out). */
export interface ColumnMapping {
  column: string;
  field: string | null;
  custom: boolean;
}

// Headers people export from CRMs and spreadsheets that the API would keep as custom fields. They
// help only at import: a contact sent with the key "surname" keeps it as a custom field, as SalesBlink does.
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

/** The standard field a column header names: as the API matches keys (`standardFieldOf`), else by a common export synonym. */
export function standardFieldOfHeader(header: string): StandardContactField | undefined {
  const key = fieldKey(header);
  return standardFieldOf(header) ?? (Object.hasOwn(EXPORT_SYNONYMS, key) ? EXPORT_SYNONYMS[key] : undefined);
}

/** Where a header's name alone sends its column: nowhere when it is blank, a standard field it names, else a custom field. */
export function targetOfHeader(header: string): ColumnTarget {
  if (fieldKey(header) === '') return 'skip';
  return standardFieldOfHeader(header) ?? 'custom';
}

/**
 * A column's target resolved to the key its values are sent under. A custom column keeps its header
 * as the key, unless the API would read that header as a standard field (a second "email" column, or
 * "Company" kept custom on purpose): then it is sent as `<header>_custom`.
 */
export function columnMapping(header: string, index: number, target: ColumnTarget): ColumnMapping {
  const column = header.trim();
  if (target === 'skip') return { column, field: null, custom: false };
  if (target !== 'custom') return { column, field: target, custom: false };
  const name = column || `column_${index + 1}`;
  return { column, field: standardFieldOf(name) ? `${name}_custom` : name, custom: true };
}

/** One row as the contact the API takes; values are trimmed, empty ones left out, and of two columns for one key the later non-empty wins. */
export function contactOf(mapping: readonly ColumnMapping[], fields: readonly string[]): Record<string, string> {
  const contact: Record<string, string> = {};
  mapping.forEach((m, i) => {
    const value = (fields[i] ?? '').trim();
    if (m.field !== null && value !== '') contact[m.field] = value;
  });
  return contact;
}
