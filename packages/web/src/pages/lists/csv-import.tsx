import { COLUMN_TARGETS, type AddContactsResult, type ColumnTarget } from '@blinkpost/contract';
import { useMemo, useState } from 'react';
import { ErrorMessage } from '../../ui/error-message.tsx';
import { autoMap, mapRows, mappingProblem, readCsv, type BadRow } from './csv-mapping.ts';

/** Sends one batch of contacts (`POST /contacts`); `dedupe` asks the server to skip addresses already listed. */
export type ImportBatch = (contacts: Record<string, string>[], dedupe: boolean) => Promise<AddContactsResult>;

interface Outcome {
  added: number;
  duplicates: number;
  bad: BadRow[];
}

const PREVIEW_ROWS = 5;

/** CSV import: column mapping (auto, overridable), a preview, dedupe, batches with progress, bad rows by line. */
export function CsvImport(props: { importBatch: ImportBatch; batchSize?: number }) {
  const batchSize = props.batchSize ?? 1000;
  const [text, setText] = useState('');
  const { headers, headerError, rows } = useMemo(() => readCsv(text), [text]);
  const [mapping, setMapping] = useState<ColumnTarget[]>([]);
  const [dedupe, setDedupe] = useState(true);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [error, setError] = useState<unknown>(null);
  const running = progress !== null && outcome === null;

  const load = (csv: string) => {
    setText(csv);
    setMapping(autoMap(readCsv(csv).headers));
    setOutcome(null);
    setError(null);
  };
  const problem = headers.length > 0 ? mappingProblem(mapping) : null;

  const run = async () => {
    const { contacts, bad } = mapRows(headers, rows, mapping);
    const result: Outcome = { added: 0, duplicates: 0, bad: [...bad] };
    setError(null);
    setOutcome(null);
    setProgress({ done: 0, total: contacts.length });
    try {
      for (let at = 0; at < contacts.length; at += batchSize) {
        const batch = contacts.slice(at, at + batchSize);
        const answer = await props.importBatch(
          batch.map((c) => c.contact),
          dedupe,
        );
        result.added += answer.added;
        result.duplicates += answer.duplicates;
        // The server names refused contacts by their index in the batch; the user knows lines.
        for (const inv of answer.invalid)
          result.bad.push({ line: batch[inv.index]?.line ?? 0, reason: inv.reason || 'refused by the server' });
        setProgress({ done: at + batch.length, total: contacts.length });
      }
    } catch (err) {
      setError(err);
    }
    result.bad.sort((a, b) => a.line - b.line);
    setOutcome(result);
  };

  return (
    <div className="csv-import" data-testid="csv-import">
      <label>
        CSV file
        <input
          type="file"
          accept=".csv,text/csv"
          data-testid="csv-file"
          onChange={(e) => void e.target.files?.[0]?.text().then(load, setError)}
        />
      </label>
      <label>
        Or paste CSV
        <textarea rows={4} onChange={(e) => load(e.target.value)} data-testid="csv-text" />
      </label>
      <ErrorMessage error={headerError} />
      {headers.length > 0 && (
        <>
          <h2>Columns</h2>
          <div className="table-wrap" tabIndex={0}>
            <table data-testid="csv-mapping">
              <thead>
                <tr>
                  {headers.map((h, i) => (
                    <th key={i} scope="col">
                      <label>
                        {h || `column ${i + 1}`}
                        <select
                          aria-label={`Field for column ${h || i + 1}`}
                          value={mapping[i] ?? 'skip'}
                          data-testid={`map-${i}`}
                          onChange={(e) =>
                            setMapping((m) => m.map((t, j) => (j === i ? (e.target.value as ColumnTarget) : t)))
                          }
                        >
                          {COLUMN_TARGETS.map((t) => (
                            <option key={t} value={t}>
                              {t === 'custom' ? 'custom field' : t === 'skip' ? 'do not import' : t}
                            </option>
                          ))}
                        </select>
                      </label>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.slice(0, PREVIEW_ROWS).map((r) => (
                  <tr key={r.line}>
                    {'error' in r ? (
                      <td colSpan={headers.length}>
                        Line {r.line}: {r.error}
                      </td>
                    ) : (
                      headers.map((_, i) => <td key={i}>{r.fields[i] ?? ''}</td>)
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p>
            {rows.length.toLocaleString()} rows; the first {Math.min(PREVIEW_ROWS, rows.length)} shown.
          </p>
          <label className="check">
            <input type="checkbox" checked={dedupe} onChange={(e) => setDedupe(e.target.checked)} />
            Skip addresses already in the list (dedupe)
          </label>
          <ErrorMessage error={problem} />
          <button
            type="button"
            className="primary"
            disabled={problem !== null || running}
            onClick={() => void run()}
            data-testid="csv-start"
          >
            Import {rows.length.toLocaleString()} rows
          </button>
        </>
      )}
      {progress && (
        <label className="progress">
          Imported {progress.done.toLocaleString()} of {progress.total.toLocaleString()}
          <progress max={Math.max(progress.total, 1)} value={progress.done} data-testid="csv-progress" />
        </label>
      )}
      <ErrorMessage error={error} />
      {outcome && (
        <section aria-label="Import result" data-testid="csv-result">
          <p role="status">
            Added {outcome.added.toLocaleString()}, {outcome.duplicates.toLocaleString()} duplicates skipped,{' '}
            {outcome.bad.length.toLocaleString()} bad rows.
          </p>
          {outcome.bad.length > 0 && (
            <ul className="bad-rows" data-testid="csv-bad-rows">
              {outcome.bad.slice(0, 500).map((b, i) => (
                <li key={i}>
                  Line {b.line}: {b.reason}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}
