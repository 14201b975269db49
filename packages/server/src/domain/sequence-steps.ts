import type { EmailStep, SequenceStep } from '@blinkpost/contract';
import { emailVariants } from './sequence-rules.js';
import type { StepDelay } from './send-time/index.js';

/** The next email step at or after `from`, with the delays met on the way; `undefined` when none is left. */
export function nextEmailStep(steps: SequenceStep[], from: number): { index: number; delays: StepDelay[] } | undefined {
  const delays: StepDelay[] = [];
  for (let i = from; i < steps.length; i++) {
    const step = steps[i]!;
    if (step.type === 'email') return { index: i, delays };
    delays.push(step);
  }
  return undefined;
}

/** The 1-based number of an email step among the email steps, as the feeds show `step`. */
export const emailNumber = (steps: SequenceStep[], index: number): number =>
  steps.slice(0, index + 1).filter((s) => s.type === 'email').length;

/** Which variant of a step a lead gets: spread evenly by a stable hash of the enrollment id. */
export function variantIndex(step: EmailStep, enrollmentId: string): number {
  const n = emailVariants(step).length;
  return n <= 1 ? 0 : stableHash(`${enrollmentId}:variant`) % n;
}

/** A 32-bit FNV-1a hash: the same input always picks the same spintax option or variant. */
export function stableHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
