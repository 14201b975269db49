import type { CreateSenderBody, Sender } from '@blinkpost/contract';
import type { FormEvent } from 'react';

const text = (name: string, label: string, props: Record<string, unknown> = {}) => (
  <label key={name}>
    {label}
    <input name={name} {...props} data-testid={`sender-${name}`} />
  </label>
);

/** The body of a create or update from the form: empty fields are left out, so a blank password keeps the old one. */
export function senderBody(form: FormData): CreateSenderBody {
  const body: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value !== 'string' || value === '') continue;
    if (['smtp_port', 'imap_port', 'max_emails_per_day', 'min_gap_minutes'].includes(key)) body[key] = Number(value);
    else if (key !== 'smtp_secure' && key !== 'imap_secure') body[key] = value;
  }
  // An unticked box is absent from the form: say false rather than nothing.
  body.smtp_secure = form.has('smtp_secure');
  if (body.imap_host !== undefined) body.imap_secure = form.has('imap_secure');
  return body;
}

/** SMTP and IMAP settings, caps, gap, time zone and signature of a sender. */
export function SenderForm(props: {
  sender?: Sender;
  onSubmit: (body: CreateSenderBody) => void;
  submitLabel: string;
}) {
  const s = props.sender;
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    props.onSubmit(senderBody(new FormData(e.currentTarget)));
  };
  return (
    <form className="sender-form" onSubmit={submit} aria-label="Sender settings">
      <fieldset>
        <legend>Address</legend>
        {!s && text('from_email', 'From address', { type: 'email', required: true })}
        {text('from_name', 'From name', { defaultValue: s?.from_name })}
        {text('reply_to_email', 'Reply-To address', { type: 'email', defaultValue: s?.reply_to_email })}
      </fieldset>
      <fieldset>
        <legend>SMTP (sending)</legend>
        {text('smtp_host', 'SMTP host', { required: !s, defaultValue: s?.smtp_host })}
        {text('smtp_port', 'SMTP port', { type: 'number', min: 1, max: 65535, defaultValue: s?.smtp_port ?? 587 })}
        <label className="check">
          <input type="checkbox" name="smtp_secure" defaultChecked={s?.smtp_secure} /> TLS from the start (port 465)
        </label>
        {text('user_name', 'SMTP login (default: the address)', { defaultValue: s?.user_name, autoComplete: 'off' })}
        {text('password', s ? 'Password (blank keeps the current one)' : 'Password', {
          type: 'password',
          required: !s,
          autoComplete: 'new-password',
        })}
      </fieldset>
      <fieldset>
        <legend>IMAP (replies and bounces; optional)</legend>
        {text('imap_host', 'IMAP host', { defaultValue: s?.imap_host })}
        {text('imap_port', 'IMAP port', { type: 'number', min: 1, max: 65535, defaultValue: s?.imap_port || 993 })}
        <label className="check">
          <input type="checkbox" name="imap_secure" defaultChecked={s?.imap_secure ?? true} /> IMAP over TLS
        </label>
        {text('imap_user_name', 'IMAP login (default: the SMTP login)', { defaultValue: s?.imap_user_name })}
        {text('imap_password', 'IMAP password (default: the password)', {
          type: 'password',
          autoComplete: 'new-password',
        })}
      </fieldset>
      <fieldset>
        <legend>Pace</legend>
        {text('max_emails_per_day', 'Daily cap', {
          type: 'number',
          min: 1,
          max: 100000,
          defaultValue: s?.max_emails_per_day ?? 30,
        })}
        {text('min_gap_minutes', 'Least gap between two sends (minutes)', {
          type: 'number',
          min: 0,
          max: 1440,
          defaultValue: s?.min_gap_minutes ?? 0,
        })}
        {text('timezone', 'Time zone the cap is counted in', { defaultValue: s?.timezone ?? 'UTC' })}
      </fieldset>
      <label>
        Signature (HTML)
        <textarea name="signature" rows={3} defaultValue={s?.signature} data-testid="sender-signature" />
      </label>
      <button type="submit" className="primary" data-testid="sender-save">
        {props.submitLabel}
      </button>
    </form>
  );
}
