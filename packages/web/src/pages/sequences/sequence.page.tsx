import type { SequenceDetail } from '@blinkpost/contract';
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useClient, useSession } from '../../app/session.tsx';
import { ErrorMessage } from '../../ui/error-message.tsx';
import { useAction } from '../../ui/use-action.ts';
import { useLoad } from '../../ui/use-load.ts';
import { SequenceBuilder } from './sequence-builder.tsx';
import { ForecastPanel, StepStats } from './sequence-insights.tsx';
import { DEFAULT_SETTINGS, SequenceSettingsForm, settingsOf, type SequenceSettings } from './sequence-settings.tsx';
import { fromApiSteps, newEmailStep, stepsProblem, toApiSteps, type BuilderStep } from './sequence-steps.ts';

/** Everything the sequence form can choose from. */
function useChoices() {
  const client = useClient();
  return useLoad(async () => {
    const [senders, lists, templates] = await Promise.all([
      client.senders.list({ limit: 100 }),
      client.lists.list({ limit: 100 }),
      client.templates.list({ limit: 100, archived: false }),
    ]);
    return { senders, lists, templates };
  }, [client]);
}

/** A sequence: its senders and lists, the step builder, settings, start/pause, forecast and step numbers. */
export default function SequencePage() {
  const client = useClient();
  const { can } = useSession();
  const navigate = useNavigate();
  const id = useParams().id ?? 'new';
  const isNew = id === 'new';
  const choices = useChoices();
  const existing = useLoad(async () => (isNew ? null : client.sequences.get(id)), [client, id]);
  const [name, setName] = useState('');
  const [senders, setSenders] = useState<string[]>([]);
  const [lists, setLists] = useState<string[]>([]);
  const [steps, setSteps] = useState<BuilderStep[]>(() => [newEmailStep()]);
  const [settings, setSettings] = useState<SequenceSettings>(DEFAULT_SETTINGS);
  const { error, run } = useAction();
  const [saved, setSaved] = useState('');
  const [detail, setDetail] = useState<SequenceDetail | null>(null);

  useEffect(() => {
    const d = existing.data;
    if (!d) return;
    setDetail(d);
    setName(d.name);
    setSenders(d.senders.split(',').filter(Boolean));
    setLists(d.lists);
    setSteps(fromApiSteps(d.steps));
    setSettings(settingsOf(d));
  }, [existing.data]);

  const readOnly = !can('edit');
  const problem =
    stepsProblem(steps) ??
    (senders.length === 0 ? 'Choose at least one sender.' : null) ??
    (lists.length === 0 ? 'Choose at least one list.' : null);

  const save = () => {
    setSaved('');
    const body = { name, senders: senders.join(','), lists, steps: toApiSteps(steps), ...settings };
    return run(async () => {
      if (isNew) {
        const created = await client.sequences.create(body);
        await navigate(`/sequences/${created.id}`, { replace: true });
      } else {
        setDetail(await client.sequences.update(id, body));
        setSaved('Saved.');
      }
    });
  };
  const setStatus = (status: 'ACTIVE' | 'PAUSED') =>
    run(async () => setDetail(await client.sequences.setStatus(id, status)));
  const toggle = (list: string[], value: string, on: boolean) =>
    on ? [...list, value] : list.filter((v) => v !== value);

  return (
    <>
      <h1>{isNew ? 'New sequence' : name || 'Sequence'}</h1>
      <ErrorMessage error={existing.error ?? choices.error} />
      {detail && (
        <div className="status-bar" data-testid="sequence-status">
          <span className={`badge ${detail.status}`}>{detail.status}</span>
          {detail.status_reason && <span> — {detail.status_reason}</span>}
          {!readOnly &&
            (detail.status === 'running' ? (
              <button type="button" onClick={() => void setStatus('PAUSED')} data-testid="sequence-pause">
                Pause
              </button>
            ) : (
              <button
                type="button"
                className="primary"
                onClick={() => void setStatus('ACTIVE')}
                data-testid="sequence-start"
              >
                Start
              </button>
            ))}
          <span>
            {detail.lead_count.toLocaleString()} leads · {detail.sent.toLocaleString()} sent · {detail.opens} opens ·{' '}
            {detail.clicks} clicks · {detail.replies} replies
          </span>
        </div>
      )}
      <form
        className="sequence-form"
        aria-label="Sequence"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label>
          Name
          <input
            value={name}
            required
            maxLength={200}
            readOnly={readOnly}
            onChange={(e) => setName(e.target.value)}
            data-testid="sequence-name"
          />
        </label>
        <fieldset disabled={readOnly}>
          <legend>Senders</legend>
          {choices.data?.senders.length === 0 && <p>Add a sender first.</p>}
          {choices.data?.senders.map((s) => (
            <label key={s.id} className="check">
              <input
                type="checkbox"
                checked={senders.includes(s.id)}
                onChange={(e) => setSenders(toggle(senders, s.id, e.target.checked))}
              />
              {s.email} {s.status !== 'active' && `(${s.status})`}
            </label>
          ))}
        </fieldset>
        <fieldset disabled={readOnly}>
          <legend>Lists</legend>
          {choices.data?.lists.map((l) => (
            <label key={l.id} className="check">
              <input
                type="checkbox"
                checked={lists.includes(l.id)}
                onChange={(e) => setLists(toggle(lists, l.id, e.target.checked))}
              />
              {l.name} ({l.contacts_count.toLocaleString()})
            </label>
          ))}
        </fieldset>
        <h2>Steps</h2>
        <SequenceBuilder
          steps={steps}
          onChange={setSteps}
          templates={choices.data?.templates ?? []}
          readOnly={readOnly}
        />
        <SequenceSettingsForm value={settings} onChange={setSettings} readOnly={readOnly} />
        {problem && (
          <p className="hint" role="status">
            {problem}
          </p>
        )}
        <ErrorMessage error={error} />
        {saved && <p role="status">{saved}</p>}
        {!readOnly && (
          <button type="submit" className="primary" disabled={problem !== null} data-testid="sequence-save">
            {isNew ? 'Create sequence' : 'Save'}
          </button>
        )}
      </form>
      {detail && (
        <>
          {/* Keyed by the status so starting or pausing reads the forecast and numbers again; shown once the
              sequence is read, so its first status does not mount (and load) them twice. */}
          <ForecastPanel key={`forecast-${detail?.status ?? ''}`} sequenceId={id} />
          <StepStats key={`stats-${detail?.status ?? ''}`} sequenceId={id} />
        </>
      )}
    </>
  );
}
