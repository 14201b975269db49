import { DEFAULT_PER_PAGE, MAX_PER_PAGE } from '@blinkpost/contract';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { offsetWindow, pageWindow } from '../../src/domain/paging.js';

describe('pageWindow', () => {
  it('answers undefined (every record) when neither page nor per_page is given', () => {
    expect(pageWindow()).toBeUndefined();
    expect(pageWindow(undefined, undefined)).toBeUndefined();
  });

  it.each([
    [1, undefined, { offset: 0, limit: DEFAULT_PER_PAGE, clamped: false }],
    [3, undefined, { offset: 2 * DEFAULT_PER_PAGE, limit: DEFAULT_PER_PAGE, clamped: false }],
    [undefined, 10, { offset: 0, limit: 10, clamped: false }],
    [3, 50, { offset: 100, limit: 50, clamped: false }],
    [1, MAX_PER_PAGE, { offset: 0, limit: MAX_PER_PAGE, clamped: false }],
    [2, 5000, { offset: MAX_PER_PAGE, limit: MAX_PER_PAGE, clamped: true }],
  ])('page %s, per_page %s → %o', (page, perPage, window) => {
    expect(pageWindow(page, perPage)).toEqual(window);
  });

  it('tiles the records: page n+1 starts where page n ends and no page exceeds the maximum', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 5_000 }), (page, perPage) => {
        const w = pageWindow(page, perPage)!;
        const next = pageWindow(page + 1, perPage)!;
        expect(next.offset).toBe(w.offset + w.limit);
        expect(w.limit).toBe(Math.min(perPage, MAX_PER_PAGE));
        expect(w.clamped).toBe(perPage > MAX_PER_PAGE);
      }),
    );
  });
});

describe('offsetWindow', () => {
  it.each([
    [500, undefined, undefined, { offset: 0, limit: 500, clamped: false }],
    [500, 20, undefined, { offset: 0, limit: 20, clamped: false }],
    [500, 20, 40, { offset: 40, limit: 20, clamped: false }],
    [500, 1000, 7, { offset: 7, limit: 500, clamped: true }],
  ])('max %s, limit %s, skip %s → %o', (max, limit, skip, window) => {
    expect(offsetWindow(max, limit, skip)).toEqual(window);
  });
});
