import { ACTIVITY_FEEDS, type ActivityFeed } from '@blinkpost/contract';
import { useClient } from '../../app/session.tsx';
import { DataTable } from '../../ui/data-table.tsx';
import { ErrorMessage } from '../../ui/error-message.tsx';
import { formatTime } from '../../ui/format.ts';
import { Pager } from '../../ui/pager.tsx';
import { useLoad } from '../../ui/use-load.ts';
import { usePagedFilters } from '../../ui/use-paged-filters.ts';
import { SequenceSelect } from '../sequences/sequence-select.tsx';

const PER_PAGE = 50;

interface ActivityFilters {
  feed: ActivityFeed;
  sequenceId: string;
  email: string;
  humanOnly: boolean;
}

/** The activity feeds (sent, opens, clicks, replies) with their filters, a page at a time. */
export default function ActivityPage() {
  const client = useClient();
  const { filters, skip, setFilter, setSkip } = usePagedFilters<ActivityFilters>({
    feed: 'sent',
    sequenceId: '',
    email: '',
    humanOnly: false,
  });
  const records = useLoad(
    async () =>
      (
        await client.feeds.list(filters.feed, {
          page: skip / PER_PAGE + 1,
          per_page: PER_PAGE,
          sequence_id: filters.sequenceId || undefined,
          recipient_email_address: filters.email || undefined,
          human: filters.humanOnly || undefined,
        })
      ).data,
    [client, filters, skip],
  );
  return (
    <>
      <h1>Activity</h1>
      <div className="filters">
        <label>
          Feed
          <select
            value={filters.feed}
            onChange={(e) => setFilter('feed', e.target.value as ActivityFeed)}
            data-testid="activity-feed"
          >
            {ACTIVITY_FEEDS.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        </label>
        <SequenceSelect value={filters.sequenceId} onChange={(id) => setFilter('sequenceId', id)} allLabel="all" />
        <label>
          Recipient
          <input type="search" value={filters.email} onChange={(e) => setFilter('email', e.target.value)} />
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={filters.humanOnly}
            onChange={(e) => setFilter('humanOnly', e.target.checked)}
          />
          People only (no machine opens or clicks)
        </label>
      </div>
      <ErrorMessage error={records.error} />
      <DataTable
        testId="activity-table"
        columns={['Time', 'Event', 'Recipient', 'Sequence', 'Step', 'Detail']}
        rows={records.data}
        rowKey={(r) => r.id}
        cells={(r) => (
          <>
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
          </>
        )}
      />
      <Pager label="Activity pages" skip={skip} limit={PER_PAGE} shown={records.data?.length ?? 0} onSkip={setSkip} />
    </>
  );
}
