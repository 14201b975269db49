import { STANDARD_CONTACT_FIELDS } from '@blinkpost/contract';
import { useEffect, useRef, useState } from 'react';
import { useParams } from 'react-router';
import { useClient, useSession } from '../../app/session.tsx';
import { ErrorMessage } from '../../ui/error-message.tsx';
import { useAction } from '../../ui/use-action.ts';
import { useLoad } from '../../ui/use-load.ts';
import { ScoreHints } from './score-hints.tsx';
import { TemplatePreviewPanel } from './template-preview.tsx';

const VARIABLES = [...STANDARD_CONTACT_FIELDS.map((f) => f.toLowerCase()), 'unsubscribe_link'];

/** The template editor: subject and body, a variables picker, the score's hints and a preview for a lead. */
export default function TemplatePage() {
  const client = useClient();
  const { can } = useSession();
  const id = useParams().id ?? '';
  const template = useLoad(() => client.templates.get(id), [client, id]);
  const [name, setName] = useState('');
  const [subject, setSubject] = useState('');
  const [content, setContent] = useState('');
  const [variable, setVariable] = useState('first_name');
  const { error, run } = useAction();
  const [saved, setSaved] = useState('');
  const body = useRef<HTMLTextAreaElement>(null);
  const t = template.data;
  useEffect(() => {
    if (!t) return;
    setName(t.name);
    setSubject(t.subject_line);
    setContent(t.content);
  }, [t]);

  const insert = () => {
    const tag = `{{${variable}}}`;
    const el = body.current;
    const at = el ? el.selectionStart : content.length;
    const end = el ? el.selectionEnd : content.length;
    setContent(content.slice(0, at) + tag + content.slice(end));
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(at + tag.length, at + tag.length);
    });
  };
  const save = () => {
    setSaved('');
    return run(async () => {
      await client.templates.update(id, { name, subject_line: subject, content });
      setSaved('Saved.');
      template.reload();
    });
  };
  const readOnly = !can('edit');

  return (
    <>
      <h1>{t?.name ?? 'Template'}</h1>
      <ErrorMessage error={template.error} />
      {t && (
        <div className="editor-grid">
          <form
            aria-label="Template"
            onSubmit={(e) => {
              e.preventDefault();
              void save();
            }}
          >
            <label>
              Name
              <input value={name} readOnly={readOnly} required onChange={(e) => setName(e.target.value)} />
            </label>
            <label>
              Subject
              <input
                value={subject}
                readOnly={readOnly}
                onChange={(e) => setSubject(e.target.value)}
                data-testid="template-subject"
              />
            </label>
            <div className="inline-form">
              <label>
                Variable
                <select value={variable} onChange={(e) => setVariable(e.target.value)} data-testid="variable-picker">
                  {VARIABLES.map((v) => (
                    <option key={v} value={v}>
                      {v}
                    </option>
                  ))}
                </select>
              </label>
              <button type="button" onClick={insert} disabled={readOnly} data-testid="variable-insert">
                Insert into body
              </button>
            </div>
            <label>
              Body (HTML; Liquid variables like {'{{first_name | default: "there"}}'}, spintax like {'{Hi|Hello}'})
              <textarea
                ref={body}
                rows={14}
                value={content}
                readOnly={readOnly}
                onChange={(e) => setContent(e.target.value)}
                data-testid="template-body"
              />
            </label>
            <ErrorMessage error={error} />
            {saved && <p role="status">{saved}</p>}
            {!readOnly && (
              <button type="submit" className="primary" data-testid="template-save">
                Save
              </button>
            )}
          </form>
          <div>
            <ScoreHints score={t.cold_email_score} />
            {/* Rendering is a POST, which the read-only client role may not make. */}
            {!readOnly && <TemplatePreviewPanel templateId={id} version={t.last_modified} />}
          </div>
        </div>
      )}
    </>
  );
}
