import { invalid } from './app-error.js';

/** Reads a time filter given as Unix milliseconds or an ISO-8601 string. */
export function parseTimeFilter(field: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (/^-?\d+$/.test(value)) return Number(value);
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw invalid(field, 'must be Unix milliseconds or an ISO-8601 time');
  return ms;
}

/** The ISO-8601 UTC form timestamps are answered in. */
export const isoTime = (ms: number): string => new Date(ms).toISOString();
