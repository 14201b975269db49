import type { EmailStep, SequenceStep } from '@blinkpost/contract';
import { invalid } from './app-error.js';
import { gapSettingsProblem, isValidTimeZone, launchInstant, parseSendingHours } from './send-time/index.js';
import { DEFAULT_GAP, DEFAULT_SENDING_HOURS, type LaunchSettings } from './send-time/index.js';

/** SalesBlink's defaults for every sequence setting a create body may leave out. */
export const SEQUENCE_DEFAULTS = {
  launchTimingMode: 'now',
  timezone: 'America/New_York',
  ...DEFAULT_GAP,
  stopWhenReplyRecieved: true,
  stopWhenReplyRecievedWhen: 'contact',
  evergreen: false,
  bounceThreshold: 2,
  bouncePause: false,
  autoPause: true,
  autoTagReplies: false,
  plainText: true,
  auto_reply: true,
  matchProvider: true,
  skip_esg: true,
  sendToOnlyVerifiedEmail: false,
  validEmail: true,
  riskyEmail: true,
  invalidEmail: true,
  checkEmailOpen: false,
  checkEmailClick: false,
  checkEmailReply: true,
  // SalesBlink defaults this to true (hold for approval / verify first); Blinkpost has neither, and a
  // default that silently never sends would surprise every user.
  checkEmailBeforeSending: false,
  bcc: '',
  emailSendingHours: DEFAULT_SENDING_HOURS,
} as const;

/** The sender ids of SalesBlink's comma-separated `senders` string. */
export const splitSenders = (senders: string): string[] =>
  senders
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

/** The template ids a step list refers to, with the field path of each for error messages. */
export function templateRefs(steps: SequenceStep[]): { id: string; field: string }[] {
  const refs: { id: string; field: string }[] = [];
  steps.forEach((step, i) => {
    if (step.type !== 'email') return;
    if (step.template_id) refs.push({ id: step.template_id, field: `steps[${i}].template_id` });
    step.variants?.forEach((v, j) => {
      if (v.template_id) refs.push({ id: v.template_id, field: `steps[${i}].variants[${j}].template_id` });
    });
  });
  return refs;
}

/** Checks the shape rules a schema cannot: every email step has something to send, and there is one. */
export function checkSteps(steps: SequenceStep[]): void {
  let emails = 0;
  steps.forEach((step, i) => {
    if (step.type !== 'email') return;
    emails += 1;
    const variants = emailVariants(step);
    variants.forEach((v, j) => {
      const where = step.variants?.length ? `steps[${i}].variants[${j}]` : `steps[${i}]`;
      if (!v.template_id && v.content === undefined) throw invalid(where, 'needs a template_id or a content');
    });
  });
  if (emails === 0) throw invalid('steps', 'must contain at least one email step');
}

/** The versions of an email step: its variants, or the step itself. */
export function emailVariants(step: EmailStep): { template_id?: string; subject?: string; content?: string }[] {
  if (step.variants && step.variants.length > 0) return step.variants;
  return [{ ...(step.template_id ? { template_id: step.template_id } : {}), ...pick(step) }];
}

function pick(step: EmailStep): { subject?: string; content?: string } {
  return {
    ...(step.subject !== undefined ? { subject: step.subject } : {}),
    ...(step.content !== undefined ? { content: step.content } : {}),
  };
}

/** Checks the settings a schema cannot: a known zone, a sane gap, usable hours, a launch time. */
export function checkSettings(s: Record<string, unknown>): void {
  if (!isValidTimeZone(s['timezone']))
    throw invalid('timezone', 'is not a known IANA time zone (e.g. America/New_York)');
  const gap = gapSettingsProblem(s);
  if (gap) throw invalid(gap.split(' ')[0] ?? 'delayFrom', gap.slice(gap.indexOf(' ') + 1));
  parseSendingHours(s['emailSendingHours']);
  launchInstant({ ...(s as LaunchSettings), now: 0 });
}
