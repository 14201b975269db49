import type { TemplatePreview } from '@blinkpost/contract';
import { useState } from 'react';
import { useClient } from '../../app/session.tsx';
import { ErrorMessage } from '../../ui/error-message.tsx';
import { MailFrame } from '../../ui/mail-frame.tsx';
import { useLoad } from '../../ui/use-load.ts';

/** Picks a lead (a list, then one of its first leads) and shows the saved template rendered for it. */
export function TemplatePreviewPanel(props: { templateId: string; version: string }) {
  const client = useClient();
  const [listId, setListId] = useState('');
  const [leadId, setLeadId] = useState('');
  const lists = useLoad(() => client.lists.list({ limit: 100 }), [client]);
  const leads = useLoad(
    async () => (listId ? (await client.lists.leads(listId, { limit: 50 })).data : []),
    [client, listId],
  );
  // `version` changes on every save, so the preview follows the saved template.
  const preview = useLoad<TemplatePreview | null>(
    async () => (leadId ? client.templates.preview(props.templateId, leadId) : null),
    [client, props.templateId, leadId, props.version],
  );
  const p = preview.data;
  return (
    <section className="panel" aria-labelledby="preview-title" data-testid="template-preview">
      <h2 id="preview-title">Preview for a lead</h2>
      <p className="hint">Shows the saved template: save to see your changes.</p>
      <div className="inline-form">
        <label>
          List
          <select value={listId} onChange={(e) => setListId(e.target.value)} data-testid="preview-list">
            <option value="">choose…</option>
            {lists.data?.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Lead
          <select value={leadId} onChange={(e) => setLeadId(e.target.value)} data-testid="preview-lead">
            <option value="">choose…</option>
            {leads.data?.map((l) => (
              <option key={l.id} value={l.id}>
                {l.Email}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorMessage error={lists.error ?? leads.error ?? preview.error} />
      {p && (
        <div aria-live="polite">
          {!p.sendable && <ErrorMessage error={`Would be held: ${p.problem ?? `missing ${p.missing.join(', ')}`}`} />}
          <p>
            <strong>Subject:</strong> <span data-testid="preview-subject">{p.subject}</span>
          </p>
          <MailFrame html={p.html} title="Rendered email" testId="preview-html" />
        </div>
      )}
    </section>
  );
}
