import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useClient } from '../../app/session.tsx';
import { ErrorMessage } from '../../ui/error-message.tsx';
import { formatTime } from '../../ui/format.ts';
import { Pager } from '../../ui/pager.tsx';
import { useLoad } from '../../ui/use-load.ts';

const PAGE = 50;

/** One lead: its fields and its activity, newest first. */
export default function LeadPage() {
  const client = useClient();
  const id = useParams().id ?? '';
  const [skip, setSkip] = useState(0);
  const page = useLoad(() => client.leads.activity(id, { limit: PAGE, skip }), [client, id, skip]);
  const lead = page.data?.lead;
  return (
    <>
      <h1>{lead ? lead.Email : 'Lead'}</h1>
      <ErrorMessage error={page.error} />
      {lead && (
        <>
          <p>
            <Link to={`/lists/${lead.list_id}`}>Back to the list</Link>
          </p>
          <dl className="fields" data-testid="lead-fields">
            {(['First_Name', 'Last_Name', 'Company_Name', 'Job_Title', 'Phone', 'Website', 'Timezone'] as const)
              .filter((f) => lead[f])
              .map((f) => (
                <div key={f}>
                  <dt>{f.replace('_', ' ')}</dt>
                  <dd>{lead[f]}</dd>
                </div>
              ))}
            <div>
              <dt>Status</dt>
              <dd>{lead.status}</dd>
            </div>
            {Object.entries(lead.custom_fields).map(([k, v]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
      <h2>Activity</h2>
      <ol className="timeline" data-testid="lead-timeline">
        {page.data?.data.map((a) => (
          <li key={a.id}>
            <time dateTime={new Date(a.time).toISOString()}>{formatTime(a.time)}</time> <strong>{a.message}</strong>
            {a.machine ? ' (machine)' : ''}
            {a.auto_reply ? ' (auto-reply)' : ''} — {a.sequence_name}, email {a.step}
            {a.subject ? `: ${a.subject}` : ''}
            {a.url ? ` → ${a.url}` : ''}
          </li>
        ))}
      </ol>
      {page.data?.data.length === 0 && <p>No activity yet.</p>}
      <Pager
        label="Activity pages"
        skip={skip}
        limit={PAGE}
        shown={page.data?.data.length ?? 0}
        total={page.data?.total}
        onSkip={setSkip}
      />
    </>
  );
}
