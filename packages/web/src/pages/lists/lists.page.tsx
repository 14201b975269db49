import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useClient, useSession } from '../../app/session.tsx';
import { ErrorMessage } from '../../ui/error-message.tsx';
import { formatTime } from '../../ui/format.ts';
import { useLoad } from '../../ui/use-load.ts';
import { formText } from '../../ui/form-text.ts';

/** The workspace's lists, and a form to make one. */
export default function ListsPage() {
  const client = useClient();
  const { can } = useSession();
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const lists = useLoad(() => client.lists.list({ search: search || undefined, limit: 100 }), [client, search]);
  const [error, setError] = useState<unknown>(null);

  const create = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const name = formText(new FormData(e.currentTarget), 'name');
    setError(null);
    try {
      const list = await client.createList({ name });
      await navigate(`/lists/${list.id}/import`);
    } catch (err) {
      setError(err);
    }
  };

  return (
    <>
      <h1>Lists</h1>
      {can('edit') && (
        <form className="inline-form" onSubmit={(e) => void create(e)} aria-label="Create a list">
          <label>
            New list name
            <input name="name" required maxLength={200} data-testid="list-name" />
          </label>
          <button type="submit" className="primary" data-testid="list-create">
            Create list
          </button>
        </form>
      )}
      <ErrorMessage error={error} />
      <label className="search">
        Search lists
        <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
      </label>
      <ErrorMessage error={lists.error} />
      <div className="table-wrap" tabIndex={0}>
        <table data-testid="lists-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Leads</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {lists.data?.map((l) => (
              <tr key={l.id}>
                <td>
                  <Link to={`/lists/${l.id}`}>{l.name}</Link>
                </td>
                <td>{l.contacts_count.toLocaleString()}</td>
                <td>{formatTime(l.created_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {lists.data?.length === 0 && <p>No lists yet.</p>}
    </>
  );
}
