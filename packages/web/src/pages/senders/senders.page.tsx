import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useClient, useSession } from '../../app/session.tsx';
import { DataTable } from '../../ui/data-table.tsx';
import { ErrorMessage } from '../../ui/error-message.tsx';
import { useAction } from '../../ui/use-action.ts';
import { useLoad } from '../../ui/use-load.ts';
import { SenderForm } from './sender-form.tsx';

/** The workspace's senders, and a form to add one. */
export default function SendersPage() {
  const client = useClient();
  const { can } = useSession();
  const navigate = useNavigate();
  const senders = useLoad(() => client.senders.list({ limit: 100 }), [client]);
  const [adding, setAdding] = useState(false);
  const { error, run } = useAction();
  return (
    <>
      <h1>Senders</h1>
      <ErrorMessage error={senders.error} />
      <DataTable
        testId="senders-table"
        columns={['Address', 'Status', 'Daily cap', 'Gap', 'IMAP']}
        rows={senders.data}
        rowKey={(s) => s.id}
        cells={(s) => (
          <>
            <td>
              <Link to={`/senders/${s.id}`}>{s.email}</Link>
            </td>
            <td>
              <span className={`badge ${s.status}`} title={s.status_reason}>
                {s.status}
              </span>
            </td>
            <td>{s.max_emails_per_day}</td>
            <td>{s.min_gap_minutes} min</td>
            <td>{s.imap_host || 'none'}</td>
          </>
        )}
      />
      {can('edit') &&
        (adding ? (
          <>
            <h2>Add a sender</h2>
            <ErrorMessage error={error} />
            <SenderForm
              submitLabel="Add sender"
              onSubmit={(body) => void run(async () => navigate(`/senders/${(await client.senders.create(body)).id}`))}
            />
          </>
        ) : (
          <button type="button" className="primary" onClick={() => setAdding(true)} data-testid="add-sender">
            Add sender
          </button>
        ))}
    </>
  );
}
