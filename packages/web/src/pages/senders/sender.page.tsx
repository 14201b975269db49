import type { SenderLoginReport, SenderTestResult } from '@blinkpost/contract';
import { useState } from 'react';
import { useParams } from 'react-router';
import { useClient, useSession } from '../../app/session.tsx';
import { ErrorMessage } from '../../ui/error-message.tsx';
import { useAction } from '../../ui/use-action.ts';
import { useLoad } from '../../ui/use-load.ts';
import { SenderForm } from './sender-form.tsx';
import { SenderStatus, SenderSummary } from './sender-status.tsx';

function Report(props: { name: string; report: SenderLoginReport }) {
  const r = props.report;
  return (
    <p className={r.ok ? 'ok' : 'error'} data-testid={`test-${props.name.toLowerCase()}`}>
      <strong>
        {props.name}: {r.ok ? 'logged in' : `failed${r.kind ? ` (${r.kind})` : ''}`}
      </strong>{' '}
      — the server said: <q>{r.response}</q>
    </p>
  );
}

/** One sender: its state explained, "Test connection" with the server's words, and its settings. */
export default function SenderPage() {
  const client = useClient();
  const { can } = useSession();
  const id = useParams().id ?? '';
  const sender = useLoad(() => client.senders.get(id), [client, id]);
  const [test, setTest] = useState<SenderTestResult | null>(null);
  const [testing, setTesting] = useState(false);
  const { error, run } = useAction();
  const [saved, setSaved] = useState('');

  const runTest = async () => {
    setTesting(true);
    await run(async () => setTest(await client.senders.test(id)));
    setTesting(false);
  };
  const update = (body: Record<string, unknown>) => {
    setSaved('');
    return run(async () => {
      await client.senders.update(id, body);
      setSaved('Saved.');
      sender.reload();
    });
  };

  const s = sender.data;
  return (
    <>
      <h1>{s?.email ?? 'Sender'}</h1>
      <ErrorMessage error={sender.error} />
      {s && (
        <>
          <SenderStatus sender={s} />
          <div className="actions">
            {can('edit') && (
              <button
                type="button"
                className="primary"
                disabled={testing}
                onClick={() => void runTest()}
                data-testid="sender-test"
              >
                {testing ? 'Testing…' : 'Test connection'}
              </button>
            )}
            {can('edit') && (
              <button
                type="button"
                onClick={() => void update({ paused: !s.paused && s.status === 'active' })}
                data-testid="sender-pause"
              >
                {s.status === 'active' ? 'Pause' : 'Resume'}
              </button>
            )}
          </div>
          <div aria-live="polite">
            {test && (
              <section className="panel" aria-label="Connection test">
                <Report name="SMTP" report={test.smtp} />
                {test.imap && <Report name="IMAP" report={test.imap} />}
              </section>
            )}
          </div>
          <ErrorMessage error={error} />
          {saved && <p role="status">{saved}</p>}
          {can('edit') ? (
            <SenderForm key={s.last_modified} sender={s} submitLabel="Save" onSubmit={(b) => void update(b)} />
          ) : (
            <SenderSummary sender={s} />
          )}
        </>
      )}
    </>
  );
}
