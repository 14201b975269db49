import { invalid } from './app-error.js';

const ISO_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

/** Reads a time filter given as Unix milliseconds or an ISO-8601 string. */
export function parseTimeFilter(field: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (/^-?\d+$/.test(value)) return Number(value);
  // Date.parse alone takes almost anything ("foo 1" is 2001-01-01), so the ISO shape is checked first.
  const ms = ISO_TIME.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) throw invalid(field, 'must be Unix milliseconds or an ISO-8601 time');
  return ms;
}

/** The ISO-8601 UTC form timestamps are answered in. */
export const isoTime = (ms: number): string => new Date(ms).toISOString();
