import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RateWindows, tierOf, type RateTier } from '../../src/domain/rate-window.js';

const MINUTE = 60_000;
// A time at the start of a minute, as the fixed windows are aligned to the clock's minutes.
const T0 = Date.parse('2026-03-02T10:00:00Z');
const limits: Record<RateTier, number> = { read: 3, write: 2, delete: 1 };

describe('tierOf', () => {
  it.each([
    ['GET', 'read'],
    ['HEAD', 'read'],
    ['OPTIONS', 'read'],
    ['POST', 'write'],
    ['PATCH', 'write'],
    ['PUT', 'delete'],
    ['DELETE', 'delete'],
  ])('%s counts against %s', (method, tier) => {
    expect(tierOf(method)).toBe(tier);
  });
});

describe('RateWindows', () => {
  it('allows the limit, counting remaining down, then refuses with remaining 0', () => {
    const w = new RateWindows(limits);
    const taken = [1, 2, 3, 4, 5].map((i) => w.take('k1', 'read', T0 + i));
    expect(taken.map((d) => d.allowed)).toEqual([true, true, true, false, false]);
    expect(taken.map((d) => d.remaining)).toEqual([2, 1, 0, 0, 0]);
    expect(taken.every((d) => d.limit === 3)).toBe(true);
  });

  it('keeps each tier and each key in its own window', () => {
    const w = new RateWindows(limits);
    expect(w.take('k1', 'delete', T0).allowed).toBe(true);
    expect(w.take('k1', 'delete', T0).allowed).toBe(false);
    expect(w.take('k1', 'write', T0)).toMatchObject({ allowed: true, limit: 2, remaining: 1 });
    expect(w.take('k1', 'read', T0)).toMatchObject({ allowed: true, limit: 3, remaining: 2 });
    expect(w.take('k2', 'delete', T0)).toMatchObject({ allowed: true, remaining: 0 });
  });

  it('says how many seconds remain until the window resets', () => {
    const w = new RateWindows(limits);
    expect(w.take('k', 'read', T0).resetSeconds).toBe(60);
    expect(w.take('k', 'read', T0 + 10_000).resetSeconds).toBe(50);
    expect(w.take('k', 'read', T0 + 59_500).resetSeconds).toBe(1);
    expect(w.take('k', 'read', T0 + 59_999)).toMatchObject({ allowed: false, resetSeconds: 1 });
  });

  it('allows the full limit again once the window has passed', () => {
    const w = new RateWindows(limits);
    for (let i = 0; i < 4; i++) w.take('k', 'write', T0 + 30_000);
    expect(w.take('k', 'write', T0 + MINUTE - 1).allowed).toBe(false);
    expect(w.take('k', 'write', T0 + MINUTE)).toMatchObject({ allowed: true, remaining: 1, resetSeconds: 60 });
    expect(w.take('k', 'write', T0 + MINUTE + 1)).toMatchObject({ allowed: true, remaining: 0 });
    expect(w.take('k', 'write', T0 + 5 * MINUTE + 7_000)).toMatchObject({ allowed: true, remaining: 1 });
  });

  it('honours a configured window length', () => {
    const w = new RateWindows({ read: 1, write: 1, delete: 1 }, 1_000);
    expect(w.take('k', 'read', T0).allowed).toBe(true);
    expect(w.take('k', 'read', T0 + 999).allowed).toBe(false);
    expect(w.take('k', 'read', T0 + 1_000).allowed).toBe(true);
  });

  it('never allows more than the limit in one window, and reports what is left truthfully', () => {
    const times = fc.array(fc.integer({ min: 0, max: 3 * MINUTE - 1 }), { minLength: 1, maxLength: 60 });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), times, (limit, offsets) => {
        const w = new RateWindows({ read: limit, write: limit, delete: limit });
        const used = new Map<number, number>();
        for (const t of [...offsets].sort((a, b) => a - b)) {
          const minute = Math.floor(t / MINUTE);
          const before = used.get(minute) ?? 0;
          const d = w.take('k', 'read', T0 + t);
          expect(d.allowed).toBe(before < limit);
          const after = d.allowed ? before + 1 : before;
          used.set(minute, after);
          expect(d.remaining).toBe(limit - after);
          expect(d.resetSeconds).toBe(Math.ceil((MINUTE - (t % MINUTE)) / 1000));
        }
      }),
    );
  });
});
