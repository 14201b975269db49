import type { Sender } from '@blinkpost/contract';

/** What a sender's state means for sending, in a sentence. */
export function SenderStatus(props: { sender: Sender }) {
  const s = props.sender;
  const why =
    s.status === 'needs-attention'
      ? `Needs attention: ${s.status_reason || 'the last send was refused'}. Nothing is sent from it until you fix the settings (or resume it); its sequences wait.`
      : s.status === 'paused'
        ? 'Paused: nothing is sent from it; leads that would use it wait until you resume it.'
        : 'Active: it sends within each sequence’s window, its daily cap and its gap.';
  return (
    <p className={`sender-status ${s.status}`} data-testid="sender-status">
      <span className={`badge ${s.status}`}>{s.status}</span> {why}
    </p>
  );
}

/** A sender's settings to read, for roles that may not change them. */
export function SenderSummary(props: { sender: Sender }) {
  const s = props.sender;
  const rows: [string, string][] = [
    ['From', s.from_name ? `${s.from_name} <${s.email}>` : s.email],
    ['SMTP', `${s.smtp_host}:${s.smtp_port}${s.smtp_secure ? ' (TLS)' : ''}`],
    ['IMAP', s.imap_host ? `${s.imap_host}:${s.imap_port}` : 'none (no replies or bounces read)'],
    ['Daily cap', `${s.max_emails_per_day} (counted in ${s.timezone})`],
    ['Least gap', `${s.min_gap_minutes} minutes`],
    ['Reply-To', s.reply_to_email || 'none'],
  ];
  return (
    <dl className="fields" data-testid="sender-summary">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
