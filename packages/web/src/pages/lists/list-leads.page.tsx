import { LEAD_STATUSES, type LeadStatus } from '@blinkpost/contract';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useClient, useSession } from '../../app/session.tsx';
import { DataTable } from '../../ui/data-table.tsx';
import { ErrorMessage } from '../../ui/error-message.tsx';
import { Pager } from '../../ui/pager.tsx';
import { useLoad } from '../../ui/use-load.ts';

const PAGE = 50;

/** A list's leads, one server page at a time (search, status filter), so a list of 100,000 stays quick. */
export default function ListLeadsPage() {
  const client = useClient();
  const { can } = useSession();
  const id = useParams().id ?? '';
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<LeadStatus | ''>('');
  const [skip, setSkip] = useState(0);
  // Wait for a pause in typing before asking the server.
  useEffect(() => {
    const t = setTimeout(() => {
      setSearch(typed.trim());
      setSkip(0);
    }, 300);
    return () => clearTimeout(t);
  }, [typed]);
  const list = useLoad(() => client.lists.get(id), [client, id]);
  const leads = useLoad(
    () => client.lists.leads(id, { limit: PAGE, skip, search: search || undefined, status: status || undefined }),
    [client, id, skip, search, status],
  );
  // The list counts its leads; a filtered page only tells whether there is a next one.
  const total = search === '' && status === '' ? list.data?.contacts_count : undefined;

  return (
    <>
      <h1>{list.data?.name ?? 'List'}</h1>
      <ErrorMessage error={list.error} />
      {can('edit') && (
        <p>
          <Link to={`/lists/${id}/import`} className="button" data-testid="import-link">
            Import CSV
          </Link>
        </p>
      )}
      <div className="filters">
        <label>
          Search leads
          <input type="search" value={typed} onChange={(e) => setTyped(e.target.value)} data-testid="lead-search" />
        </label>
        <label>
          Status
          <select
            value={status}
            data-testid="lead-status"
            onChange={(e) => {
              setStatus(e.target.value as LeadStatus | '');
              setSkip(0);
            }}
          >
            <option value="">any</option>
            {LEAD_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.replace('_', ' ')}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorMessage error={leads.error} />
      <DataTable
        testId="leads-table"
        busy={leads.loading}
        columns={['Email', 'Name', 'Company', 'Status']}
        rows={leads.data?.data}
        rowKey={(l) => l.id}
        cells={(l) => (
          <>
            <td>
              <Link to={`/leads/${l.id}`}>{l.Email}</Link>
            </td>
            <td>{`${l.First_Name} ${l.Last_Name}`.trim()}</td>
            <td>{l.Company_Name}</td>
            <td>
              <span className={`badge ${l.status}`}>{l.status.replace('_', ' ')}</span>
            </td>
          </>
        )}
      />
      {leads.loading && (
        <p className="hint" role="status">
          Loading leads…
        </p>
      )}
      <Pager
        label="Leads pages"
        skip={skip}
        limit={PAGE}
        shown={leads.data?.data.length ?? 0}
        total={total}
        onSkip={setSkip}
      />
    </>
  );
}
