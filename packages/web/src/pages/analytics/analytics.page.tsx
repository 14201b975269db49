import type { DailyAnalyticsDay } from '@blinkpost/contract';
import { useMemo, useState } from 'react';
import { useClient } from '../../app/session.tsx';
import { DataTable } from '../../ui/data-table.tsx';
import { ErrorMessage } from '../../ui/error-message.tsx';
import { useLoad } from '../../ui/use-load.ts';
import { SequenceSelect } from '../sequences/sequence-select.tsx';
import { DailyChart, type ChartSeries } from './daily-chart.tsx';

const ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
const line = (
  label: string,
  color: string,
  days: DailyAnalyticsDay[],
  pick: (d: DailyAnalyticsDay) => number,
): ChartSeries => ({
  label,
  color,
  values: days.map(pick),
});

/** Daily charts of sent, opens, clicks, replies and bounces (machines apart), by sequence and mailbox; mailbox totals. */
export default function AnalyticsPage() {
  const client = useClient();
  const [sequenceId, setSequenceId] = useState('');
  const [senderId, setSenderId] = useState('');
  const [range, setRange] = useState(30);
  const daily = useLoad(() => {
    const from = new Date(Date.now() - (range - 1) * 86_400_000).toISOString().slice(0, 10);
    return client.analytics.daily({
      from,
      timezone: ZONE,
      sequence_id: sequenceId || undefined,
      sender: senderId || undefined,
    });
  }, [client, sequenceId, senderId, range]);
  // Every sender, for the totals table and the mailbox filter alike (the workspace's latest 100).
  const mailboxes = useLoad(() => client.analytics.mailboxStats({ limit: 100 }), [client]);
  const days = useMemo(() => daily.data?.days ?? [], [daily.data]);
  const x = useMemo(() => days.map((d) => d.start / 1000), [days]);
  const human = useMemo(
    () => [
      line('sent', '#1f5fbf', days, (d) => d.sent),
      line('opens', '#1a7f37', days, (d) => d.opens),
      line('clicks', '#8250df', days, (d) => d.clicks),
      line('replies', '#bf5700', days, (d) => d.replies),
      line('bounces', '#c62828', days, (d) => d.bounces),
    ],
    [days],
  );
  const machine = useMemo(
    () => [
      line('machine opens', '#57606a', days, (d) => d.opens_machine),
      line('machine clicks', '#000000', days, (d) => d.clicks_machine),
    ],
    [days],
  );
  return (
    <>
      <h1>Analytics</h1>
      <div className="filters">
        <SequenceSelect
          value={sequenceId}
          onChange={setSequenceId}
          allLabel="all sequences"
          testId="analytics-sequence"
        />
        <label>
          Mailbox
          <select value={senderId} onChange={(e) => setSenderId(e.target.value)} data-testid="analytics-mailbox">
            <option value="">all mailboxes</option>
            {mailboxes.data?.data.map((m) => (
              <option key={m.sender_id} value={m.sender_id}>
                {m.email}
              </option>
            ))}
          </select>
        </label>
        <label>
          Days
          <select value={range} onChange={(e) => setRange(Number(e.target.value))}>
            {[7, 30, 90].map((n) => (
              <option key={n} value={n}>
                last {n} days
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorMessage error={daily.error} />
      {days.length > 0 && (
        <>
          <DailyChart title={`People, per day (${daily.data?.timezone})`} days={x} series={human} />
          <DailyChart title="Machines (privacy proxies, scanners), per day" days={x} series={machine} />
        </>
      )}
      <h2>Per mailbox</h2>
      <ErrorMessage error={mailboxes.error} />
      <DataTable
        testId="mailbox-stats"
        columns={['Mailbox', 'Sent', 'Opens', 'Machine opens', 'Clicks', 'Machine clicks', 'Replies', 'Bounces']}
        rows={mailboxes.data?.data}
        rowKey={(m) => m.sender_id}
        cells={(m) => (
          <>
            <td>{m.email}</td>
            <td>{m.sent}</td>
            <td>{m.opens}</td>
            <td>{m.opens_machine}</td>
            <td>{m.clicks}</td>
            <td>{m.clicks_machine}</td>
            <td>{m.replies}</td>
            <td>{m.bounces}</td>
          </>
        )}
      />
    </>
  );
}
