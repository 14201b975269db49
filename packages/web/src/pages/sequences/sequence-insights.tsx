import { HELD_BACK_REASONS, type HeldBackReason } from '@blinkpost/contract';
import { useClient } from '../../app/session.tsx';
import { DataTable } from '../../ui/data-table.tsx';
import { ErrorMessage } from '../../ui/error-message.tsx';
import { formatTime } from '../../ui/format.ts';
import { useLoad } from '../../ui/use-load.ts';

/** "Why isn't it sending?": today's sends per sender and what holds the rest back. */
export function ForecastPanel(props: { sequenceId: string }) {
  const client = useClient();
  const forecast = useLoad(() => client.sequences.forecast(props.sequenceId), [client, props.sequenceId]);
  const f = forecast.data;
  const senders = f?.senders ?? [];
  const held = (Object.keys(HELD_BACK_REASONS) as HeldBackReason[]).filter((why) => (f?.held_back[why] ?? 0) > 0);
  return (
    <section className="panel" aria-labelledby="forecast-title" data-testid="forecast">
      <h2 id="forecast-title">Forecast: why isn&apos;t it sending?</h2>
      <button type="button" onClick={forecast.reload}>
        Refresh forecast
      </button>
      <ErrorMessage error={forecast.error} />
      {f?.summary && <p data-testid="forecast-summary">{f.summary}</p>}
      {f && (
        <>
          <DataTable
            caption="Senders today"
            columns={['Sender', 'Sent / cap', 'Will send today', 'Next send', 'Limited by']}
            rows={senders}
            rowKey={(s) => s.sender_id}
            cells={(s) => (
              <>
                <td>
                  {s.email} <span className={`badge ${s.status}`}>{s.status}</span>
                  {s.status_reason && <div className="hint">{s.status_reason}</div>}
                </td>
                <td>
                  {s.sent_today} / {s.daily_cap}
                </td>
                <td>{s.will_send_today}</td>
                <td>{formatTime(s.next_send_at) || 'not today'}</td>
                <td>{s.limited_by || '—'}</td>
              </>
            )}
          />
          <h3>Held back</h3>
          {held.length === 0 ? (
            <p>Nothing is held back.</p>
          ) : (
            <ul>
              {held.map((why) => (
                <li key={why}>
                  {f.held_back[why].toLocaleString()} — {HELD_BACK_REASONS[why]}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

/** Per-step numbers of a sequence: sent, failed, uncertain; and its leads by state. */
export function StepStats(props: { sequenceId: string }) {
  const client = useClient();
  const stats = useLoad(() => client.sequences.stats(props.sequenceId), [client, props.sequenceId]);
  const s = stats.data;
  return (
    <section className="panel" aria-labelledby="stats-title" data-testid="step-stats">
      <h2 id="stats-title">Numbers</h2>
      <ErrorMessage error={stats.error} />
      {s && (
        <>
          <p>
            {s.sent} sent · {s.opens} opens ({s.opens_machine} machine) · {s.clicks} clicks ({s.clicks_machine} machine)
            · {s.replies} replies · {s.bounces} bounces · {s.unsubscribes} unsubscribes
          </p>
          <p>
            Leads:{' '}
            {Object.entries(s.leads)
              .map(([k, n]) => `${n} ${k}`)
              .join(' · ')}
          </p>
          <DataTable
            columns={['Step', 'Type', 'Sent', 'Failed', 'Uncertain']}
            rows={s.steps}
            rowKey={(st) => st.index}
            cells={(st) => (
              <>
                <td>{st.index + 1}</td>
                <td>{st.type}</td>
                <td>{st.sent}</td>
                <td>{st.failed}</td>
                <td>{st.uncertain}</td>
              </>
            )}
          />
        </>
      )}
    </section>
  );
}
