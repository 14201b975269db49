import {
  WEBHOOK_EVENTS,
  type CreatedWebhook,
  type CreateWebhookBody,
  type WebhookTestResult,
} from '@blinkpost/contract';
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

/** One webhook's delivery log, latest first. */
function Deliveries(props: { webhookId: string }) {
  const client = useClient();
  const log = useLoad(() => client.webhooks.deliveries(props.webhookId, { limit: 50 }), [client, props.webhookId]);
  return (
    <>
      <ErrorMessage error={log.error} />
      <DataTable
        testId="webhook-deliveries"
        caption="Delivery log"
        columns={['Event', 'Status', 'Attempts', 'Answer', 'Last attempt', 'Next attempt']}
        rows={log.data}
        rowKey={(d) => d.id}
        cells={(d) => (
          <>
            <td>{d.event}</td>
            <td>
              <span className={`badge ${d.status}`}>{d.status}</span>
            </td>
            <td>{d.attempts}</td>
            <td>{d.error || (d.response_status !== null ? `HTTP ${d.response_status} in ${d.duration_ms} ms` : '')}</td>
            <td>{formatTime(d.last_attempt_at)}</td>
            <td>{formatTime(d.next_attempt_at)}</td>
          </>
        )}
        empty="Nothing delivered yet."
      />
    </>
  );
}

/** Webhooks: add (the secret shown once), test, remove, and each one's delivery log. */
export default function WebhooksPage() {
  const client = useClient();
  const { can } = useSession();
  const hooks = useLoad(() => client.webhooks.list({ limit: 100 }), [client]);
  const [created, setCreated] = useState<CreatedWebhook | null>(null);
  const [tests, setTests] = useState<Record<string, WebhookTestResult>>({});
  const [open, setOpen] = useState<string | null>(null);
  const { error, run, submit } = useAction();
  const create = submit(async (form) => {
    const events = form.getAll('events').map(String) as CreateWebhookBody['events'];
    setCreated(await client.webhooks.create({ url: formText(form, 'url'), name: formText(form, 'name'), events }));
    hooks.reload();
  });
  return (
    <>
      <h1>Webhooks</h1>
      {can('edit') && (
        <form onSubmit={create} aria-label="Add a webhook">
          <label>
            URL
            <input
              name="url"
              type="url"
              required
              placeholder="https://example.com/hooks/blinkpost"
              data-testid="webhook-url"
            />
          </label>
          <label>
            Name
            <input name="name" maxLength={200} />
          </label>
          <fieldset>
            <legend>Events (none ticked: every event)</legend>
            {WEBHOOK_EVENTS.map((ev) => (
              <label key={ev} className="check">
                <input type="checkbox" name="events" value={ev} /> {ev.replace('_', ' ')}
              </label>
            ))}
          </fieldset>
          <button type="submit" className="primary" data-testid="webhook-create">
            Add webhook
          </button>
        </form>
      )}
      <ErrorMessage error={error ?? hooks.error} />
      {created && (
        <section className="notice" aria-label="Webhook secret" data-testid="webhook-secret">
          <p>Signing secret of {created.url} — copy it now, it is not shown again:</p>
          <code className="secret">{created.secret}</code> <CopyButton text={created.secret} />
          <button type="button" onClick={() => setCreated(null)}>
            Done
          </button>
        </section>
      )}
      <ul className="cards">
        {hooks.data?.map((h) => (
          <li key={h.id} className="panel" data-testid={`webhook-${h.id}`}>
            <h2>{h.name || h.url}</h2>
            <p>
              <code>{h.url}</code> · {h.events.length === 0 ? 'every event' : h.events.join(', ')}
            </p>
            <div className="actions">
              {can('edit') && (
                <button
                  type="button"
                  onClick={() => void run(async () => setTests({ ...tests, [h.id]: await client.webhooks.test(h.id) }))}
                >
                  Send test event
                </button>
              )}
              <button type="button" aria-expanded={open === h.id} onClick={() => setOpen(open === h.id ? null : h.id)}>
                Delivery log
              </button>
              {can('edit') && (
                <ConfirmButton
                  confirmLabel={`Remove ${h.url}`}
                  onConfirm={() => void run(() => client.webhooks.delete(h.id), hooks.reload)}
                >
                  Remove<span className="visually-hidden"> {h.url}</span>
                </ConfirmButton>
              )}
            </div>
            {tests[h.id] && (
              <p className={tests[h.id]?.ok ? 'ok' : 'error'} role="status">
                {tests[h.id]?.ok ? 'Delivered' : 'Failed'}:{' '}
                {tests[h.id]?.error || `HTTP ${tests[h.id]?.response_status}`} ({tests[h.id]?.duration_ms} ms)
              </p>
            )}
            {open === h.id && <Deliveries key={JSON.stringify(tests[h.id])} webhookId={h.id} />}
          </li>
        ))}
      </ul>
    </>
  );
}
