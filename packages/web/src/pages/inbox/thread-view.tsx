import type { MarkThreadBody } from '@blinkpost/contract';
import { useEffect, useState } from 'react';
import { useClient, useSession } from '../../app/session.tsx';
import { ErrorMessage } from '../../ui/error-message.tsx';
import { formatTime } from '../../ui/format.ts';
import { MailFrame } from '../../ui/mail-frame.tsx';
import { useAction } from '../../ui/use-action.ts';
import { useLoad } from '../../ui/use-load.ts';
import { formText } from '../../ui/form-text.ts';
import { OutcomeOptions } from './outcome-options.tsx';

/** One conversation, newest first, with its outcome label and a reply box. */
export function ThreadView(props: { messageId: string; onChanged: () => void; onClose: () => void }) {
  const client = useClient();
  const { can } = useSession();
  const thread = useLoad(() => client.inbox.thread(props.messageId), [client, props.messageId]);
  const { error, run, submit } = useAction();
  const [sent, setSent] = useState('');
  const t = thread.data;
  const { onChanged } = props;
  const mayEdit = can('edit');
  // Opening a conversation reads it (for those who may change it).
  useEffect(() => {
    if (t?.unread && mayEdit) void run(() => client.inbox.mark(props.messageId, { unread: false }), onChanged);
  }, [t, client, props.messageId, onChanged, mayEdit, run]);

  const label = (outcome: string) =>
    run(async () => {
      await client.inbox.mark(props.messageId, { outcome: outcome as MarkThreadBody['outcome'] });
      thread.reload();
      onChanged();
    });
  const reply = submit(async (form) => {
    const html = formText(form, 'content')
      .split(/\n{2,}/)
      .map((p) => `<p>${p.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`).replace(/\n/g, '<br>')}</p>`)
      .join('');
    const r = await client.inbox.reply(props.messageId, { content: html });
    setSent(`Reply ${r.status} to ${r.to}.`);
    thread.reload();
  });

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
              disabled={!mayEdit}
              onChange={(e) => void label(e.target.value)}
              data-testid="thread-outcome"
            >
              <option value="" disabled>
                none
              </option>
              <OutcomeOptions />
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
                  <MailFrame
                    html={m.body}
                    title={`Message ${m.subject}`}
                    remoteNote={
                      m.direction === 'inbound'
                        ? 'the sender may learn you read it'
                        : 'a tracking pixel among them records an open'
                    }
                  />
                ) : (
                  <p>{m.snippet}</p>
                )}
              </li>
            ))}
          </ol>
          {mayEdit && (
            <form onSubmit={reply} aria-label="Reply">
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
