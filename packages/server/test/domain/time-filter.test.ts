import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/app-error.js';
import { isoTime, parseTimeFilter } from '../../src/domain/time-filter.js';

function errorOf(field: string, value: string): AppError {
  try {
    parseTimeFilter(field, value);
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error(`${JSON.stringify(value)} was accepted`);
}

describe('parseTimeFilter', () => {
  it('answers undefined when the filter is absent or empty', () => {
    expect(parseTimeFilter('since', undefined)).toBeUndefined();
    expect(parseTimeFilter('since', '')).toBeUndefined();
  });

  it.each([
    ['1772445600000', 1772445600000],
    ['0', 0],
    ['2026-03-02T10:00:00Z', 1772445600000],
    ['2026-03-02T10:00:00.000Z', 1772445600000],
    ['2026-03-02T11:00:00+01:00', 1772445600000],
    ['2026-03-02T10:00:00.250Z', 1772445600250],
    ['2026-03-02', Date.parse('2026-03-02T00:00:00Z')],
    ['2026-03-02t10:00:00z', 1772445600000],
    ['2026-03-02T11:00:00+0100', 1772445600000],
  ])('reads %j as %d', (value, ms) => {
    expect(parseTimeFilter('from', value)).toBe(ms);
  });

  it('reads any millisecond time, and the ISO form of any time, as that time', () => {
    const ms = fc.integer({ min: 0, max: Date.parse('2100-01-01T00:00:00Z') });
    fc.assert(
      fc.property(ms, (t) => {
        expect(parseTimeFilter('to', String(t))).toBe(t);
        expect(parseTimeFilter('to', isoTime(t))).toBe(t);
      }),
    );
  });

  it.each([
    'yesterday',
    'foo 1',
    '1.5',
    'March 7',
    '2026-13-45',
    '12:00',
    'NaN',
    '1e12',
    'Tue, 03 Mar 2026 10:00:00 GMT',
    ' 2026-03-02',
  ])('rejects %j with invalid_request naming the field', (value) => {
    for (const field of ['since', 'from', 'to']) {
      const err = errorOf(field, value);
      expect(err.code).toBe('invalid_request');
      expect(err.message).toBe(`${field} must be Unix milliseconds or an ISO-8601 time`);
      expect(err.details).toEqual({ field });
    }
  });
});

describe('isoTime', () => {
  it('answers ISO-8601 UTC', () => {
    expect(isoTime(1772445600000)).toBe('2026-03-02T10:00:00.000Z');
  });
});
