import { INBOX_OUTCOMES, type MarkThreadBody } from '@blinkpost/contract';
import { useEffect, useState, type FormEvent } from 'react';
import { useClient, useSession } from '../../app/session.tsx';
import { ErrorMessage } from '../../ui/error-message.tsx';
import { formatTime } from '../../ui/format.ts';
import { useLoad } from '../../ui/use-load.ts';
import { formText } from '../../ui/form-text.ts';

/** One conversation, newest first, with its outcome label and a reply box. */
export function ThreadView(props: { messageId: string; onChanged: () => void; onClose: () => void }) {
  const client = useClient();
  const { can } = useSession();
  const thread = useLoad(() => client.inbox.thread(props.messageId), [client, props.messageId]);
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState('');
  const t = thread.data;
  const { onChanged } = props;
  const mayEdit = can('edit');
  // Opening a conversation reads it (for those who may change it).
  useEffect(() => {
    if (t?.unread && mayEdit) client.inbox.mark(props.messageId, { unread: false }).then(onChanged, setError);
  }, [t, client, props.messageId, onChanged, mayEdit]);

  const label = async (outcome: string) => {
    setError(null);
    try {
      await client.inbox.mark(props.messageId, { outcome: outcome as MarkThreadBody['outcome'] });
      thread.reload();
      props.onChanged();
    } catch (err) {
      setError(err);
    }
  };
  const reply = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const formEl = e.currentTarget;
    const text = formText(new FormData(formEl), 'content');
    setError(null);
    try {
      const html = text
        .split(/\n{2,}/)
        .map((p) => `<p>${p.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`).replace(/\n/g, '<br>')}</p>`)
        .join('');
      const r = await client.inbox.reply(props.messageId, { content: html });
      setSent(`Reply ${r.status} to ${r.to}.`);
      formEl.reset();
      thread.reload();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section className="thread" aria-label="Conversation" data-testid="thread">
      <button type="button" onClick={props.onClose}>
        Close conversation
      </button>
      <ErrorMessage error={thread.error ?? error} />
      {t && (
        <>
          <h2>{t.email}</h2>
          <label>
            Outcome
            <select
              value={t.outcome}
              disabled={!can('edit')}
              onChange={(e) => void label(e.target.value)}
              data-testid="thread-outcome"
            >
              <option value="" disabled>
                none
              </option>
              {INBOX_OUTCOMES.map((o) => (
                <option key={o} value={o}>
                  {o.replaceAll('-', ' ')}
                </option>
              ))}
            </select>
          </label>
          <ol className="messages">
            {t.messages.map((m) => (
              <li key={m.id} className={m.direction}>
                <p>
                  <strong>{m.direction === 'inbound' ? m.from : `You (${m.kind.replace('_', ' ')})`}</strong> ·{' '}
                  <time>{formatTime(m.time)}</time>
                  {m.status && ` · ${m.status}`}
                </p>
                <p>
                  <strong>{m.subject}</strong>
                </p>
                {m.body ? (
                  <iframe title={`Message ${m.subject}`} className="mail-frame" sandbox="" srcDoc={m.body} />
                ) : (
                  <p>{m.snippet}</p>
                )}
              </li>
            ))}
          </ol>
          {can('edit') && (
            <form onSubmit={(e) => void reply(e)} aria-label="Reply">
              <label>
                Reply
                <textarea name="content" rows={5} required data-testid="reply-text" />
              </label>
              <button type="submit" className="primary" data-testid="reply-send">
                Send reply
              </button>
              {sent && <p role="status">{sent}</p>}
            </form>
          )}
        </>
      )}
    </section>
  );
}
