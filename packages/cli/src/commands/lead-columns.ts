import { InvalidArgumentError } from 'commander';
import { columnMapping, standardFieldOfHeader, targetOfHeader, type ColumnMapping } from '@blinkpost/contract';
import { CliError } from './remote-client.js';

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

/** The field a `--map` name means: a standard field in any casing or by a synonym (`surname`), else a custom field as given. */
function namedField(column: string, name: string): ColumnMapping {
  const standard = standardFieldOfHeader(name);
  return { column, field: standard ?? name, custom: standard === undefined };
}

/**
 * Maps a CSV header to contact fields: each header by its name or a synonym the dashboard knows too
 * (two columns may name one field: `contactOf` keeps the later non-empty value), unless `--map` or
 * `--skip-column` says otherwise. Refuses choices naming no column, and a file with no email column.
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
  const mapping = columns.map((column, i): ColumnMapping => {
    const named = choices.map[column];
    if (skipped.has(column)) return columnMapping(column, i, 'skip');
    return named === undefined ? columnMapping(column, i, targetOfHeader(column)) : namedField(column, named);
  });
  if (!mapping.some((m) => m.field === 'Email')) {
    // One column holding separators is a file read with the wrong delimiter.
    const oneLine = columns.length === 1 && /[;\t]/.test(columns[0] ?? '');
    throw new CliError(
      'no column holds the email address',
      oneLine
        ? 'the header is one column: read it with --delimiter semicolon or --delimiter tab'
        : 'name the column with --map "Column Header=email"; see `blinkpost leads import --help`',
    );
  }
  return mapping;
}
