import { Link } from 'react-router';
import { useClient, useSession } from '../../app/session.tsx';
import { ErrorMessage } from '../../ui/error-message.tsx';
import { useLoad } from '../../ui/use-load.ts';

/** The workspace's sequences with their counters. */
export default function SequencesPage() {
  const client = useClient();
  const { can } = useSession();
  const sequences = useLoad(() => client.sequences.list({ limit: 100 }), [client]);
  return (
    <>
      <h1>Sequences</h1>
      {can('edit') && (
        <p>
          <Link to="/sequences/new" className="button primary" data-testid="new-sequence">
            New sequence
          </Link>
        </p>
      )}
      <ErrorMessage error={sequences.error} />
      <div className="table-wrap" tabIndex={0}>
        <table data-testid="sequences-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col">Sent</th>
              <th scope="col">Opens</th>
              <th scope="col">Clicks</th>
              <th scope="col">Replies</th>
            </tr>
          </thead>
          <tbody>
            {sequences.data?.map((s) => (
              <tr key={s.id}>
                <td>
                  <Link to={`/sequences/${s.id}`}>{s.name}</Link>
                </td>
                <td>
                  <span className={`badge ${s.status}`}>{s.status}</span>
                </td>
                <td>{s.sent.toLocaleString()}</td>
                <td>{s.opens.toLocaleString()}</td>
                <td>{s.clicks.toLocaleString()}</td>
                <td>{s.replies.toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {sequences.data?.length === 0 && <p>No sequences yet.</p>}
    </>
  );
}
