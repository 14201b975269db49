import type { IssuedApiKey } from '@blinkpost/contract';
import { useState } from 'react';
import { useClient, useSession } from '../../app/session.tsx';
import { ConfirmButton } from '../../ui/confirm-button.tsx';
import { CopyButton } from '../../ui/copy-button.tsx';
import { DataTable } from '../../ui/data-table.tsx';
import { ErrorMessage } from '../../ui/error-message.tsx';
import { formatTime } from '../../ui/format.ts';
import { useAction } from '../../ui/use-action.ts';
import { useLoad } from '../../ui/use-load.ts';
import { formText } from '../../ui/form-text.ts';

/** The workspace's API keys: list, create (the secret shown once), revoke. */
export default function ApiKeysPage() {
  const client = useClient();
  const { can } = useSession();
  const keys = useLoad(() => client.keys.list(), [client]);
  const [issued, setIssued] = useState<IssuedApiKey | null>(null);
  const { error, run, submit } = useAction();

  const create = submit(async (form) => {
    const role = form.get('role') === 'member' ? 'member' : 'admin';
    setIssued(await client.keys.create({ name: formText(form, 'name'), role }));
    keys.reload();
  });
  const revoke = (id: string) => run(() => client.keys.delete(id), keys.reload);

  return (
    <>
      <h1>API keys</h1>
      <form className="inline-form" onSubmit={create} aria-label="Create an API key">
        <label>
          Name
          <input name="name" required maxLength={200} data-testid="key-name" />
        </label>
        <label>
          Role
          <select name="role" defaultValue="member" data-testid="key-role">
            <option value="member">member</option>
            {can('issue-admin-keys') && <option value="admin">admin</option>}
          </select>
        </label>
        <button type="submit" className="primary" data-testid="key-create">
          Create key
        </button>
      </form>
      <ErrorMessage error={error} />
      {issued && (
        <section className="notice" aria-label="New key" data-testid="issued-key">
          <p>
            The key <strong>{issued.name}</strong> — copy it now, it is not shown again:
          </p>
          <code className="secret">{issued.key}</code> <CopyButton text={issued.key} />
          <button type="button" onClick={() => setIssued(null)}>
            Done
          </button>
        </section>
      )}
      <ErrorMessage error={keys.error} />
      <DataTable
        testId="keys-table"
        columns={['Name', 'Role', 'Key', 'Last used']}
        actions
        rows={keys.data}
        rowKey={(k) => k.id}
        cells={(k) => (
          <>
            <td>{k.name}</td>
            <td>{k.role}</td>
            <td>
              <code>{k.key}…</code>
            </td>
            <td>{formatTime(k.last_used_at) || 'never'}</td>
            <td>
              <ConfirmButton
                confirmLabel={`Revoke ${k.name}: programs using it stop at once`}
                onConfirm={() => void revoke(k.id)}
                testId={`revoke-${k.id}`}
              >
                Revoke<span className="visually-hidden"> {k.name}</span>
              </ConfirmButton>
            </td>
          </>
        )}
      />
    </>
  );
}
