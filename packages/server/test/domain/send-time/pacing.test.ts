import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gapSettingsProblem, gapWithJitter, type GapSettings } from '../../../src/domain/send-time/index.js';

const MIN = 60_000;

describe('gapWithJitter', () => {
  it.each<[string, GapSettings, number, number]>([
    ['SalesBlink’s defaults, lowest draw: 10 minutes', {}, 0, 10 * MIN],
    ['SalesBlink’s defaults, middle draw: 15 minutes', {}, 0.5, 15 * MIN],
    ['a draw near 1 comes close to delayTo', { delayFrom: 10, delayTo: 20 }, 0.999999, 20 * MIN - 1],
    ['a fixed delay', { delayFrom: 7, delayTo: 7 }, 0.7, 7 * MIN],
    ['delay off: no wait', { delayEnabled: false }, 0.5, 0],
    ['delay off: the sender’s own minimum', { delayEnabled: false, minGapMinutes: 3 }, 0.5, 3 * MIN],
    ['the sender’s minimum wins over a shorter draw', { delayFrom: 1, delayTo: 5, minGapMinutes: 4 }, 0, 4 * MIN],
    ['a longer draw wins over the minimum', { delayFrom: 1, delayTo: 5, minGapMinutes: 4 }, 0.9, Math.round(4.6 * MIN)],
    ['a disabled delay ignores figures out of order', { delayEnabled: false, delayFrom: 30, delayTo: 5 }, 0.5, 0],
  ])('%s', (_, settings, random01, ms) => {
    expect(gapWithJitter(settings, random01)).toBe(ms);
  });

  it.each([-0.1, 1, 1.5, Number.NaN])('refuses a random draw of %d', (r) => {
    expect(() => gapWithJitter({}, r)).toThrow(RangeError);
  });

  it('refuses settings gapSettingsProblem refuses, with its message', () => {
    expect(() => gapWithJitter({ delayFrom: 20, delayTo: 10 }, 0)).toThrow(
      new RangeError('delayTo must be at least delayFrom (20)'),
    );
  });

  it('always lies in [delayFrom, delayTo] minutes and grows with the draw', () => {
    const range = fc.tuple(fc.nat(600), fc.nat(600)).map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const);
    const draw = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
    fc.assert(
      fc.property(range, draw, draw, ([from, to], r1, r2) => {
        const g1 = gapWithJitter({ delayFrom: from, delayTo: to }, r1);
        expect(g1).toBeGreaterThanOrEqual(from * MIN);
        expect(g1).toBeLessThanOrEqual(to * MIN);
        if (r1 <= r2) expect(g1).toBeLessThanOrEqual(gapWithJitter({ delayFrom: from, delayTo: to }, r2));
      }),
    );
  });
});

describe('gapSettingsProblem', () => {
  it.each<[GapSettings, string | undefined]>([
    [{}, undefined],
    [{ delayEnabled: true, delayFrom: 0, delayTo: 0 }, undefined],
    [{ delayFrom: 25 }, 'delayTo must be at least delayFrom (25)'],
    [{ delayFrom: 30, delayTo: 20 }, 'delayTo must be at least delayFrom (30)'],
    [{ delayFrom: -1 }, 'delayFrom must be a whole number of minutes, 0 or more'],
    [{ delayTo: 2.5 }, 'delayTo must be a whole number of minutes, 0 or more'],
    [{ minGapMinutes: -3 }, 'minGapMinutes must be a whole number of minutes, 0 or more'],
  ])('%j: %s', (settings, problem) => {
    expect(gapSettingsProblem(settings)).toBe(problem);
  });
});
