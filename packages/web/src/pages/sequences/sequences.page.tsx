import { Link } from 'react-router';
import { useClient, useSession } from '../../app/session.tsx';
import { DataTable } from '../../ui/data-table.tsx';
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
      <DataTable
        testId="sequences-table"
        columns={['Name', 'Status', 'Sent', 'Opens', 'Clicks', 'Replies']}
        rows={sequences.data}
        rowKey={(s) => s.id}
        cells={(s) => (
          <>
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
          </>
        )}
        empty="No sequences yet."
      />
    </>
  );
}
