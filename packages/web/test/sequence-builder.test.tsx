// @vitest-environment happy-dom
import type { SequenceStep } from '@blinkpost/contract';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { SequenceBuilder } from '../src/pages/sequences/sequence-builder.tsx';
import {
  fromApiSteps,
  newEmailStep,
  stepsProblem,
  toApiSteps,
  type BuilderStep,
} from '../src/pages/sequences/sequence-steps.ts';

const TEMPLATES = [
  { id: 'tpl_1', name: 'Intro' },
  { id: 'tpl_2', name: 'Bump' },
];

/** The builder as a page holds it, exposing the API body of its current steps. */
function renderBuilder(initial: BuilderStep[] = [newEmailStep()]) {
  let latest = initial;
  function Harness() {
    const [steps, setSteps] = useState(initial);
    latest = steps;
    return <SequenceBuilder steps={steps} onChange={setSteps} templates={TEMPLATES} />;
  }
  render(<Harness />);
  return { body: (): SequenceStep[] => toApiSteps(latest), steps: () => latest };
}

afterEach(cleanup);

describe('sequence builder', () => {
  it('adds an email, a delay and a follow-up and answers them as API steps in order', async () => {
    const user = userEvent.setup();
    const b = renderBuilder();
    await user.type(screen.getByLabelText('Step 1 subject'), 'Hi {{{{first_name}}');
    await user.type(screen.getByLabelText('Step 1 body'), 'Hello there');
    await user.click(screen.getByRole('button', { name: 'Add delay' }));
    await user.clear(screen.getByLabelText('Step 2 days'));
    await user.type(screen.getByLabelText('Step 2 days'), '3');
    await user.click(screen.getByRole('button', { name: 'Add email step' }));
    await user.selectOptions(screen.getByLabelText('Step 3 source'), 'template');
    await user.selectOptions(screen.getByLabelText('Step 3 template'), 'tpl_2');

    expect(b.body()).toEqual([
      { type: 'email', subject: 'Hi {{first_name}}', content: 'Hello there' },
      { type: 'delay', days: 3, hours: 0, minutes: 0 },
      { type: 'email', template_id: 'tpl_2' },
    ]);
    expect(stepsProblem(b.steps())).toBeNull();
  });

  it('moves steps up and down and removes one', async () => {
    const user = userEvent.setup();
    const b = renderBuilder();
    await user.type(screen.getByLabelText('Step 1 body'), 'first');
    await user.click(screen.getByRole('button', { name: 'Add delay' }));
    await user.click(screen.getByRole('button', { name: 'Add email step' }));
    await user.type(screen.getByLabelText('Step 3 body'), 'second');

    await user.click(screen.getByRole('button', { name: 'Move up step 3' }));
    expect(b.body().map((s) => s.type)).toEqual(['email', 'email', 'delay']);
    expect(b.body()[1]).toMatchObject({ content: 'second' });

    await user.click(screen.getByRole('button', { name: 'Move down step 1' }));
    expect(b.body().map((s) => (s.type === 'email' ? s.content : 'delay'))).toEqual(['second', 'first', 'delay']);

    await user.click(screen.getByRole('button', { name: 'Remove step 3' }));
    expect(b.body()).toHaveLength(2);
    expect(screen.getByRole('button', { name: 'Move up step 1' })).toHaveProperty('disabled', true);
    expect(screen.getByRole('button', { name: 'Move down step 2' })).toHaveProperty('disabled', true);
  });

  it('puts A/B variants in `variants`, and a single one back on the step', async () => {
    const user = userEvent.setup();
    const b = renderBuilder();
    await user.type(screen.getByLabelText('Step 1 subject'), 'A subject');
    await user.type(screen.getByLabelText('Step 1 body'), 'A body');
    await user.click(screen.getByRole('button', { name: 'Add A/B variant to step 1' }));
    await user.type(screen.getByLabelText('Step 1 variant B subject'), 'B subject');
    await user.type(screen.getByLabelText('Step 1 variant B body'), 'B body');

    expect(b.body()).toEqual([
      {
        type: 'email',
        variants: [
          { subject: 'A subject', content: 'A body' },
          { subject: 'B subject', content: 'B body' },
        ],
      },
    ]);

    await user.click(screen.getByRole('button', { name: 'Remove Step 1 variant A' }));
    expect(b.body()).toEqual([{ type: 'email', subject: 'B subject', content: 'B body' }]);
    expect(within(screen.getByTestId('step-0')).queryByRole('button', { name: /Remove Step 1/ })).toBeNull();
  });

  it('says what is missing before the steps can be saved', () => {
    expect(stepsProblem([])).toBe('Add at least one email step.');
    expect(stepsProblem([newEmailStep()])).toBe('Step 1: write the body.');
    const [step] = fromApiSteps([{ type: 'email', variants: [{ template_id: 't' }, { content: '' }] }]);
    expect(stepsProblem(step ? [step] : [])).toBe('Step 1, variant B: write the body.');
  });

  it('reads saved steps back into the same API body', () => {
    const saved: SequenceStep[] = [
      { type: 'email', template_id: 'tpl_1' },
      { type: 'delay', days: 2, hours: 4, minutes: 0 },
      { type: 'email', variants: [{ template_id: 'tpl_1' }, { subject: '', content: '<p>bump</p>' }] },
    ];
    expect(toApiSteps(fromApiSteps(saved))).toEqual(saved);
  });
});
