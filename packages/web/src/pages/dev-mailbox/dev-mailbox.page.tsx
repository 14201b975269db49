import { useState } from 'react';
import { devMailboxMessages, devMailboxStatus } from '../../app/dashboard-api.ts';
import { ErrorMessage } from '../../ui/error-message.tsx';
import { formatTime } from '../../ui/format.ts';
import { MailFrame } from '../../ui/mail-frame.tsx';
import { useLoad } from '../../ui/use-load.ts';

/** Captured messages and a viewer; HTML is shown in a sandboxed frame that runs no scripts and loads nothing remote. */
export default function DevMailboxPage() {
  const state = useLoad(devMailboxStatus, []);
  const messages = useLoad(async () => (state.data?.enabled ? (await devMailboxMessages()).data : []), [state.data]);
  const [openId, setOpenId] = useState<string | null>(null);
  const open = messages.data?.find((m) => m.id === openId);
  return (
    <>
      <h1>Dev mailbox</h1>
      <ErrorMessage error={state.error ?? messages.error} />
      {state.data && !state.data.enabled && <p>The server is not capturing mail: start it with --dev-mailbox.</p>}
      {state.data?.enabled && (
        <>
          <button type="button" onClick={messages.reload} data-testid="dev-mailbox-refresh">
            Refresh
          </button>
          <div className="inbox">
            <ul className="threads" aria-label="Captured messages" data-testid="dev-mailbox-messages">
              {messages.data?.map((m) => (
                <li key={m.id}>
                  <button type="button" onClick={() => setOpenId(m.id)} aria-current={openId === m.id}>
                    <strong>{m.subject || '(no subject)'}</strong>
                    <br />
                    To {m.to} · <time>{formatTime(m.received_at)}</time>
                  </button>
                </li>
              ))}
              {messages.data?.length === 0 && <li>No messages captured yet.</li>}
            </ul>
            {open && (
              <section className="thread" aria-label="Captured message" data-testid="dev-mailbox-viewer">
                <h2>{open.subject}</h2>
                <dl className="fields">
                  <div>
                    <dt>From</dt>
                    <dd>{open.from}</dd>
                  </div>
                  <div>
                    <dt>To</dt>
                    <dd>{open.to}</dd>
                  </div>
                  <div>
                    <dt>Message-ID</dt>
                    <dd>{open.message_id}</dd>
                  </div>
                </dl>
                {open.html ? (
                  <MailFrame
                    key={open.id}
                    html={open.html}
                    title="Message HTML"
                    testId="dev-mailbox-html"
                    remoteNote="its tracking pixel is one: loading it records an open"
                  />
                ) : (
                  <pre className="mail-text">{open.text}</pre>
                )}
              </section>
            )}
          </div>
        </>
      )}
    </>
  );
}
