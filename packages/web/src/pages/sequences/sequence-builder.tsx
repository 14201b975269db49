import {
  moveStep,
  newDelayStep,
  newEmailStep,
  newVariant,
  variantLetter,
  type BuilderStep,
  type BuilderVariant,
} from './sequence-steps.ts';

/** A template the variants can pick. */
export interface TemplateChoice {
  id: string;
  name: string;
}

interface Props {
  steps: BuilderStep[];
  onChange: (steps: BuilderStep[]) => void;
  templates: readonly TemplateChoice[];
  readOnly?: boolean;
}

/** Email and delay steps: add, remove, reorder, and A/B variants of an email. */
export function SequenceBuilder({ steps, onChange, templates, readOnly }: Props) {
  const update = (i: number, step: BuilderStep) => onChange(steps.map((s, j) => (j === i ? step : s)));
  return (
    <section className="builder" aria-label="Steps" data-testid="sequence-builder">
      <ol className="steps">
        {steps.map((step, i) => (
          <li key={step.key} className={`step ${step.type}`} data-testid={`step-${i}`}>
            <div className="step-head">
              <h3>
                Step {i + 1}: {step.type === 'email' ? 'email' : 'wait'}
              </h3>
              {!readOnly && (
                <div className="step-actions">
                  <button type="button" disabled={i === 0} onClick={() => onChange(moveStep(steps, i, i - 1))}>
                    Move up<span className="visually-hidden"> step {i + 1}</span>
                  </button>
                  <button
                    type="button"
                    disabled={i === steps.length - 1}
                    onClick={() => onChange(moveStep(steps, i, i + 1))}
                  >
                    Move down<span className="visually-hidden"> step {i + 1}</span>
                  </button>
                  <button type="button" className="danger" onClick={() => onChange(steps.filter((_, j) => j !== i))}>
                    Remove<span className="visually-hidden"> step {i + 1}</span>
                  </button>
                </div>
              )}
            </div>
            {step.type === 'delay' ? (
              <DelayFields step={step} index={i} onChange={(s) => update(i, s)} readOnly={readOnly} />
            ) : (
              <>
                {step.variants.map((v, j) => (
                  <VariantFields
                    key={v.key}
                    variant={v}
                    label={step.variants.length > 1 ? `Step ${i + 1} variant ${variantLetter(j)}` : `Step ${i + 1}`}
                    templates={templates}
                    readOnly={readOnly}
                    onChange={(nv) => update(i, { ...step, variants: step.variants.map((x, k) => (k === j ? nv : x)) })}
                    onRemove={
                      step.variants.length > 1
                        ? () => update(i, { ...step, variants: step.variants.filter((_, k) => k !== j) })
                        : undefined
                    }
                  />
                ))}
                {!readOnly && step.variants.length < 10 && (
                  <button
                    type="button"
                    onClick={() => update(i, { ...step, variants: [...step.variants, newVariant()] })}
                    data-testid={`add-variant-${i}`}
                  >
                    Add A/B variant<span className="visually-hidden"> to step {i + 1}</span>
                  </button>
                )}
              </>
            )}
          </li>
        ))}
      </ol>
      {!readOnly && (
        <div className="builder-add">
          <button type="button" onClick={() => onChange([...steps, newEmailStep()])} data-testid="add-email-step">
            Add email step
          </button>
          <button type="button" onClick={() => onChange([...steps, newDelayStep()])} data-testid="add-delay-step">
            Add delay
          </button>
        </div>
      )}
    </section>
  );
}

function DelayFields(props: {
  step: Extract<BuilderStep, { type: 'delay' }>;
  index: number;
  onChange: (s: BuilderStep) => void;
  readOnly?: boolean;
}) {
  const { step } = props;
  const field = (name: 'days' | 'hours' | 'minutes', max: number) => (
    <label>
      {name}
      <input
        type="number"
        min={0}
        max={max}
        value={step[name]}
        readOnly={props.readOnly}
        aria-label={`Step ${props.index + 1} ${name}`}
        onChange={(e) => props.onChange({ ...step, [name]: Math.max(0, Number(e.target.value) || 0) })}
      />
    </label>
  );
  return (
    <div className="delay-fields">
      Wait {field('days', 365)} {field('hours', 8760)} {field('minutes', 525600)}
    </div>
  );
}

function VariantFields(props: {
  variant: BuilderVariant;
  label: string;
  templates: readonly TemplateChoice[];
  onChange: (v: BuilderVariant) => void;
  onRemove?: () => void;
  readOnly?: boolean;
}) {
  const { variant: v, label } = props;
  return (
    <fieldset className="variant">
      <legend>{label}</legend>
      <label>
        Source
        <select
          aria-label={`${label} source`}
          value={v.source}
          disabled={props.readOnly}
          onChange={(e) => props.onChange({ ...v, source: e.target.value as BuilderVariant['source'] })}
        >
          <option value="inline">write here</option>
          <option value="template">saved template</option>
        </select>
      </label>
      {v.source === 'template' ? (
        <label>
          Template
          <select
            aria-label={`${label} template`}
            value={v.template_id}
            disabled={props.readOnly}
            onChange={(e) => props.onChange({ ...v, template_id: e.target.value })}
          >
            <option value="">choose…</option>
            {props.templates.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <>
          <label>
            Subject
            <input
              aria-label={`${label} subject`}
              value={v.subject}
              readOnly={props.readOnly}
              placeholder="empty: a follow-up in the same thread"
              onChange={(e) => props.onChange({ ...v, subject: e.target.value })}
            />
          </label>
          <label>
            Body
            <textarea
              aria-label={`${label} body`}
              rows={4}
              value={v.content}
              readOnly={props.readOnly}
              onChange={(e) => props.onChange({ ...v, content: e.target.value })}
            />
          </label>
        </>
      )}
      {props.onRemove && !props.readOnly && (
        <button type="button" className="danger" onClick={props.onRemove}>
          Remove<span className="visually-hidden"> {label}</span>
        </button>
      )}
    </fieldset>
  );
}
