import type { BlocklistAdded } from '@blinkpost/contract';
import { useState } from 'react';
import { useClient, useSession } from '../../app/session.tsx';
import { ConfirmButton } from '../../ui/confirm-button.tsx';
import { DataTable } from '../../ui/data-table.tsx';
import { ErrorMessage } from '../../ui/error-message.tsx';
import { formatTime } from '../../ui/format.ts';
import { Pager } from '../../ui/pager.tsx';
import { useAction } from '../../ui/use-action.ts';
import { useLoad } from '../../ui/use-load.ts';
import { usePagedFilters } from '../../ui/use-paged-filters.ts';
import { formText } from '../../ui/form-text.ts';

const PAGE = 50;

/** Addresses and domains never emailed: search, add (one per line), remove. */
export default function BlocklistPage() {
  const client = useClient();
  const { can } = useSession();
  const { filters, skip, setFilter, setSkip } = usePagedFilters({ search: '' });
  const [result, setResult] = useState<BlocklistAdded | null>(null);
  const { error, run, submit } = useAction();
  const entries = useLoad(
    () => client.blocklist.list({ limit: PAGE, skip, search: filters.search || undefined }),
    [client, skip, filters],
  );
  const add = submit(async (form) => {
    const emails = formText(form, 'emails')
      .split(/[\s,;]+/)
      .filter(Boolean);
    setResult(await client.blocklist.add(emails));
    entries.reload();
  });
  const remove = (id: string) => run(() => client.blocklist.delete(id), entries.reload);
  return (
    <>
      <h1>Blocklist</h1>
      {can('edit') && (
        <form onSubmit={add} aria-label="Block addresses or domains">
          <label>
            Addresses or domains to block (one per line)
            <textarea name="emails" rows={3} required data-testid="blocklist-input" />
          </label>
          <button type="submit" className="primary" data-testid="blocklist-add">
            Block
          </button>
        </form>
      )}
      <ErrorMessage error={error} />
      {result && (
        <div role="status">
          <p>
            Added {result.added.length}, {result.already_blocked} already blocked.
          </p>
          {result.rejected.length > 0 && (
            <ul>
              {result.rejected.map((r) => (
                <li key={r.index}>
                  {r.value}: {r.problem}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <label className="search">
        Search
        <input type="search" value={filters.search} onChange={(e) => setFilter('search', e.target.value)} />
      </label>
      <ErrorMessage error={entries.error} />
      <DataTable
        testId="blocklist-table"
        columns={['Address or domain', 'Type', 'Source', 'Added']}
        actions
        rows={entries.data?.data}
        rowKey={(b) => b.id}
        cells={(b) => (
          <>
            <td>{b.email}</td>
            <td>{b.type}</td>
            <td>{b.source}</td>
            <td>{formatTime(b.created_at)}</td>
            <td>
              {can('edit') && (
                <ConfirmButton confirmLabel={`Unblock ${b.email}`} onConfirm={() => void remove(b.id)}>
                  Remove<span className="visually-hidden"> {b.email}</span>
                </ConfirmButton>
              )}
            </td>
          </>
        )}
      />
      <Pager
        label="Blocklist pages"
        skip={skip}
        limit={PAGE}
        shown={entries.data?.data.length ?? 0}
        total={entries.data?.total}
        onSkip={setSkip}
      />
    </>
  );
}
