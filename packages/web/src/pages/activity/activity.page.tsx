import { ACTIVITY_FEEDS, type ActivityFeed } from '@blinkpost/contract';
import { useState } from 'react';
import { useClient } from '../../app/session.tsx';
import { ErrorMessage } from '../../ui/error-message.tsx';
import { formatTime } from '../../ui/format.ts';
import { Pager } from '../../ui/pager.tsx';
import { useLoad } from '../../ui/use-load.ts';

const PER_PAGE = 50;

/** The activity feeds (sent, opens, clicks, replies) with their filters, a page at a time. */
export default function ActivityPage() {
  const client = useClient();
  const [feed, setFeed] = useState<ActivityFeed>('sent');
  const [sequenceId, setSequenceId] = useState('');
  const [email, setEmail] = useState('');
  const [humanOnly, setHumanOnly] = useState(false);
  const [skip, setSkip] = useState(0);
  const sequences = useLoad(() => client.sequences.list({ limit: 100 }), [client]);
  const records = useLoad(
    async () =>
      (
        await client.feeds.list(feed, {
          page: skip / PER_PAGE + 1,
          per_page: PER_PAGE,
          sequence_id: sequenceId || undefined,
          recipient_email_address: email || undefined,
          human: humanOnly || undefined,
        })
      ).data,
    [client, feed, sequenceId, email, humanOnly, skip],
  );
  const reset =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setSkip(0);
    };
  return (
    <>
      <h1>Activity</h1>
      <div className="filters">
        <label>
          Feed
          <select
            value={feed}
            onChange={(e) => reset(setFeed)(e.target.value as ActivityFeed)}
            data-testid="activity-feed"
          >
            {ACTIVITY_FEEDS.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        </label>
        <label>
          Sequence
          <select value={sequenceId} onChange={(e) => reset(setSequenceId)(e.target.value)}>
            <option value="">all</option>
            {sequences.data?.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Recipient
          <input type="search" value={email} onChange={(e) => reset(setEmail)(e.target.value)} />
        </label>
        <label className="check">
          <input type="checkbox" checked={humanOnly} onChange={(e) => reset(setHumanOnly)(e.target.checked)} />
          People only (no machine opens or clicks)
        </label>
      </div>
      <ErrorMessage error={records.error} />
      <div className="table-wrap" tabIndex={0}>
        <table data-testid="activity-table">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Event</th>
              <th scope="col">Recipient</th>
              <th scope="col">Sequence</th>
              <th scope="col">Step</th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
            {records.data?.map((r) => (
              <tr key={r.id}>
                <td>{formatTime(r.time)}</td>
                <td>
                  {r.message}
                  {r.machine ? ' (machine)' : ''}
                  {r.auto_reply ? ' (auto-reply)' : ''}
                  {r.bounce ? ` (${r.bounce})` : ''}
                </td>
                <td>{r.recipient_email_address}</td>
                <td>{r.sequence_name}</td>
                <td>{r.step}</td>
                <td>{r.url ?? r.snippet ?? r.subject}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager label="Activity pages" skip={skip} limit={PER_PAGE} shown={records.data?.length ?? 0} onSkip={setSkip} />
    </>
  );
}
