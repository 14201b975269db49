import { InvalidArgumentError } from 'commander';
import { standardFieldOf } from '@blinkpost/contract';
import { CliError } from './remote-client.js';

/** Where one CSV column goes: a standard field (SalesBlink's spelling), a custom field, or nowhere (`null`). */
export interface ColumnMapping {
  column: string;
  field: string | null;
  custom: boolean;
}

/** What the user said about columns: `--map "Header=field"` and `--skip-column Header`. */
export interface ColumnChoices {
  map: Record<string, string>;
  skip: string[];
}

/** Parses one `--map "Column Header=field"` (repeatable) into the choices so far. */
export const mapArg = (value: string, previous: Record<string, string> = {}): Record<string, string> => {
  const at = value.lastIndexOf('=');
  const column = value.slice(0, at).trim();
  const field = value.slice(at + 1).trim();
  if (at < 0 || column === '' || field === '')
    throw new InvalidArgumentError('must be "Column Header=field" (to leave a column out, use --skip-column)');
  return { ...previous, [column]: field };
};

/** The field a name means: a standard field in any casing (`first name`, `First_Name`), else a custom field as given. */
function fieldOf(name: string): Omit<ColumnMapping, 'column'> {
  const standard = standardFieldOf(name);
  return standard ? { field: standard, custom: false } : { field: name, custom: true };
}

/**
 * Maps a CSV header to contact fields: each header by its name, as the API matches keys, unless
 * `--map` or `--skip-column` says otherwise. Refuses choices naming no column, and a file with no email column.
 */
export function mapColumns(header: string[], choices: ColumnChoices): ColumnMapping[] {
  const columns = header.map((h) => h.trim());
  const unknown = [...Object.keys(choices.map), ...choices.skip].filter((c) => !columns.includes(c.trim()));
  if (unknown.length > 0)
    throw new CliError(
      `no column ${unknown.map((c) => JSON.stringify(c)).join(', ')} in the file`,
      `its columns are ${columns.map((c) => JSON.stringify(c)).join(', ')}`,
    );
  const skipped = new Set(choices.skip.map((c) => c.trim()));
  const mapping = columns.map((column): ColumnMapping => {
    const target = choices.map[column];
    if (skipped.has(column) || (column === '' && target === undefined)) return { column, field: null, custom: false };
    return { column, ...fieldOf(target ?? column) };
  });
  if (!mapping.some((m) => m.field === 'Email'))
    throw new CliError(
      'no column holds the email address',
      'name the column with --map "Column Header=email"; see `blinkpost leads import --help`',
    );
  return mapping;
}

/** One row as the contact the API takes; empty cells are left out, and of two columns for one field the later non-empty wins. */
export function contactOf(mapping: ColumnMapping[], fields: string[]): Record<string, string> {
  const contact: Record<string, string> = {};
  mapping.forEach((m, i) => {
    const value = (fields[i] ?? '').trim();
    if (m.field !== null && value !== '') contact[m.field] = value;
  });
  return contact;
}
