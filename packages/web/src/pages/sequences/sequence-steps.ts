import type { SequenceStep } from '@blinkpost/contract';

/** One version of an email step: a saved template, or a subject and body written here. */
export interface BuilderVariant {
  key: string;
  source: 'template' | 'inline';
  template_id: string;
  subject: string;
  content: string;
}

/** A step as the builder edits it; every step and variant has a stable key for React and for tests. */
export type BuilderStep =
  | { key: string; type: 'email'; variants: BuilderVariant[] }
  | { key: string; type: 'delay'; days: number; hours: number; minutes: number };

let nextKey = 0;
const keyOf = (prefix: string) => `${prefix}${++nextKey}`;

/** A new variant written inline. */
export const newVariant = (): BuilderVariant => ({
  key: keyOf('v'),
  source: 'inline',
  template_id: '',
  subject: '',
  content: '',
});

/** A new email step with one variant. */
export const newEmailStep = (): BuilderStep => ({ key: keyOf('s'), type: 'email', variants: [newVariant()] });

/** A new delay step of one day. */
export const newDelayStep = (): BuilderStep => ({ key: keyOf('s'), type: 'delay', days: 1, hours: 0, minutes: 0 });

/** The steps with the one at `from` moved to `to` (clamped to the ends). */
export function moveStep<T>(steps: readonly T[], from: number, to: number): T[] {
  const target = Math.max(0, Math.min(steps.length - 1, to));
  const copy = [...steps];
  const [moved] = copy.splice(from, 1);
  if (moved === undefined) return copy;
  copy.splice(target, 0, moved);
  return copy;
}

const variantOf = (v: { template_id?: string; subject?: string; content?: string }): BuilderVariant => ({
  key: keyOf('v'),
  source: v.template_id ? 'template' : 'inline',
  template_id: v.template_id ?? '',
  subject: v.subject ?? '',
  content: v.content ?? '',
});

/** The builder's steps for a sequence's saved steps. */
export function fromApiSteps(steps: readonly SequenceStep[]): BuilderStep[] {
  return steps.map((s) => {
    if (s.type === 'delay')
      return { key: keyOf('s'), type: 'delay', days: s.days ?? 0, hours: s.hours ?? 0, minutes: s.minutes ?? 0 };
    const variants = s.variants && s.variants.length > 0 ? s.variants.map(variantOf) : [variantOf(s)];
    return { key: keyOf('s'), type: 'email', variants };
  });
}

/** A variant as the API takes it: a template id, or the inline subject and body. */
function apiVariant(v: BuilderVariant): { template_id?: string; subject?: string; content?: string } {
  if (v.source === 'template') return { template_id: v.template_id };
  return { subject: v.subject, content: v.content };
}

/** The `steps` of a create or update body: one variant rides on the step itself, two or more go in `variants`. */
export function toApiSteps(steps: readonly BuilderStep[]): SequenceStep[] {
  return steps.map((s): SequenceStep => {
    if (s.type === 'delay') return { type: 'delay', days: s.days, hours: s.hours, minutes: s.minutes };
    const [only, ...rest] = s.variants;
    if (only && rest.length === 0) return { type: 'email', ...apiVariant(only) };
    return { type: 'email', variants: s.variants.map(apiVariant) };
  });
}

/** What keeps the steps from being saved, in a sentence, or null. */
export function stepsProblem(steps: readonly BuilderStep[]): string | null {
  if (!steps.some((s) => s.type === 'email')) return 'Add at least one email step.';
  for (const [i, s] of steps.entries()) {
    if (s.type === 'delay') {
      if (s.days < 0 || s.hours < 0 || s.minutes < 0) return `Step ${i + 1}: a delay cannot be negative.`;
      continue;
    }
    for (const [j, v] of s.variants.entries()) {
      const name = s.variants.length > 1 ? `Step ${i + 1}, variant ${variantLetter(j)}` : `Step ${i + 1}`;
      if (v.source === 'template' && v.template_id === '') return `${name}: choose a template.`;
      if (v.source === 'inline' && v.content.trim() === '') return `${name}: write the body.`;
    }
  }
  return null;
}

/** A, B, C… for variant `i`. */
export const variantLetter = (i: number): string => String.fromCharCode(65 + i);
