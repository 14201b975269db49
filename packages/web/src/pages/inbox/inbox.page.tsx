import type { InboxThread, ListInboxQuery } from '@blinkpost/contract';
import { useState } from 'react';
import { useClient } from '../../app/session.tsx';
import { ErrorMessage } from '../../ui/error-message.tsx';
import { formatTime } from '../../ui/format.ts';
import { Pager } from '../../ui/pager.tsx';
import { useLoad } from '../../ui/use-load.ts';
import { usePagedFilters } from '../../ui/use-paged-filters.ts';
import { OutcomeOptions } from './outcome-options.tsx';
import { ThreadView } from './thread-view.tsx';

// The API filters by outcome, not by kind: a page of conversations is split into the three kinds here.
const PAGE = 100;

/** The kinds of conversation the inbox keeps apart: replies from people, auto-replies and bounces. */
const KINDS = [
  { value: 'reply', label: 'Replies' },
  { value: 'auto_reply', label: 'Auto-replies' },
  { value: 'bounce', label: 'Bounces' },
] as const;
type Kind = (typeof KINDS)[number]['value'];

const kindOf = (t: InboxThread): Kind => (t.bounce ? 'bounce' : t.auto_reply ? 'auto_reply' : 'reply');

/** Conversations (replies, auto-replies and bounces apart), a thread, reply and outcome labels. */
export default function InboxPage() {
  const client = useClient();
  const [kind, setKind] = useState<Kind>('reply');
  const { filters, skip, setFilter, setSkip } = usePagedFilters({ search: '', outcome: '' });
  const [open, setOpen] = useState<string | null>(null);
  const page = useLoad(
    () =>
      client.inbox.list({
        limit: PAGE,
        skip,
        search: filters.search || undefined,
        outcome: (filters.outcome || undefined) as ListInboxQuery['outcome'],
      }),
    [client, skip, filters],
  );
  const threads = (page.data?.result ?? []).filter((t) => kindOf(t) === kind);
  const counts = Object.fromEntries(
    KINDS.map((k) => [k.value, (page.data?.result ?? []).filter((t) => kindOf(t) === k.value).length]),
  );

  return (
    <>
      <h1>Inbox</h1>
      <div className="tabs" role="tablist" aria-label="Kind of conversation">
        {KINDS.map((k) => (
          <button
            key={k.value}
            type="button"
            role="tab"
            aria-selected={kind === k.value}
            onClick={() => setKind(k.value)}
            data-testid={`inbox-tab-${k.value}`}
          >
            {k.label} ({counts[k.value]})
          </button>
        ))}
      </div>
      <div className="filters">
        <label>
          Search
          <input type="search" value={filters.search} onChange={(e) => setFilter('search', e.target.value)} />
        </label>
        <label>
          Outcome
          <select value={filters.outcome} onChange={(e) => setFilter('outcome', e.target.value)}>
            <option value="">any</option>
            <OutcomeOptions />
          </select>
        </label>
      </div>
      <ErrorMessage error={page.error} />
      <div className="inbox">
        <ul className="threads" aria-label="Conversations" data-testid="inbox-threads">
          {threads.map((t) => (
            <li key={t.id} className={t.unread ? 'unread' : ''}>
              <button type="button" onClick={() => setOpen(t.id)} aria-current={open === t.id}>
                <strong>{t.email}</strong> <time>{formatTime(t.last_at)}</time>
                <br />
                {t.subject}
                <br />
                <small>{t.snippet}</small>
                {t.outcome && <span className="badge">{t.outcome}</span>}
              </button>
            </li>
          ))}
          {threads.length === 0 && <li>No conversations here.</li>}
        </ul>
        {open && <ThreadView key={open} messageId={open} onChanged={page.reload} onClose={() => setOpen(null)} />}
      </div>
      <Pager
        label="Inbox pages"
        skip={skip}
        limit={PAGE}
        shown={page.data?.result.length ?? 0}
        total={page.data?.totalCount}
        onSkip={setSkip}
      />
    </>
  );
}
