import { useState } from 'react';
import { Link } from 'react-router';
import { useClient, useSession } from '../../app/session.tsx';
import { CreateByName } from '../../ui/create-by-name.tsx';
import { DataTable } from '../../ui/data-table.tsx';
import { ErrorMessage } from '../../ui/error-message.tsx';
import { formatTime } from '../../ui/format.ts';
import { useLoad } from '../../ui/use-load.ts';

/** The workspace's lists, and a form to make one. */
export default function ListsPage() {
  const client = useClient();
  const { can } = useSession();
  const [search, setSearch] = useState('');
  const lists = useLoad(() => client.lists.list({ search: search || undefined, limit: 100 }), [client, search]);
  // A new list is empty: go straight to importing its leads.
  const create = async (name: string) => `/lists/${(await client.createList({ name })).id}/import`;

  return (
    <>
      <h1>Lists</h1>
      {can('edit') && <CreateByName thing="list" create={create} />}
      <label className="search">
        Search lists
        <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
      </label>
      <ErrorMessage error={lists.error} />
      <DataTable
        testId="lists-table"
        columns={['Name', 'Leads', 'Created']}
        rows={lists.data}
        rowKey={(l) => l.id}
        cells={(l) => (
          <>
            <td>
              <Link to={`/lists/${l.id}`}>{l.name}</Link>
            </td>
            <td>{l.contacts_count.toLocaleString()}</td>
            <td>{formatTime(l.created_at)}</td>
          </>
        )}
        empty="No lists yet."
      />
    </>
  );
}
