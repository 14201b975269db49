import type { Key, ReactNode } from 'react';

/**
 * Loaded rows in a scrollable table: one header cell per column (`actions` adds an unnamed last one
 * for buttons), and `empty` said once the rows are loaded and there are none.
 */
export function DataTable<T>(props: {
  testId?: string;
  caption?: string;
  columns: readonly string[];
  actions?: boolean;
  rows: readonly T[] | undefined;
  rowKey: (row: T) => Key;
  cells: (row: T) => ReactNode;
  empty?: string;
  busy?: boolean;
}) {
  return (
    <>
      <div className="table-wrap" tabIndex={0}>
        <table data-testid={props.testId} aria-busy={props.busy}>
          {props.caption && <caption>{props.caption}</caption>}
          <thead>
            <tr>
              {props.columns.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
              {props.actions && (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {props.rows?.map((row) => (
              <tr key={props.rowKey(row)}>{props.cells(row)}</tr>
            ))}
          </tbody>
        </table>
      </div>
      {props.empty && props.rows?.length === 0 && <p>{props.empty}</p>}
    </>
  );
}
