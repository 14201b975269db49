import { describe, expect, it } from 'vitest';
import type { AcceptedClick, RawOpen } from '../../src/app/tracking-recorder.js';
import { clicksOf, opensOf, toColumns } from '../../src/tracking-thread/event-columns.js';

describe('event columns (what the serving thread posts to the tracking thread)', () => {
  it('give back every open and click as it was handed over, through a structured clone', () => {
    const opens: RawOpen[] = [
      { token: 'a'.repeat(44), at: 1, request: { userAgent: 'Mozilla/5.0', method: 'GET', ip: '10.0.0.1' } },
      { token: 'b'.repeat(44), at: 2, request: { userAgent: undefined, method: 'HEAD' } },
    ];
    const clicks: AcceptedClick[] = [
      { trackKey: 'f'.repeat(32), link: 3, linkCount: 4, at: 5, request: { userAgent: 'x', method: 'GET', ip: '::1' } },
    ];
    const posted = structuredClone(toColumns(opens, clicks));
    expect(opensOf(posted)).toEqual(opens);
    expect(clicksOf(posted)).toEqual(clicks);
    expect(opensOf(posted)[1]!.request).not.toHaveProperty('ip');
  });

  it('carry nothing when nothing waits', () => {
    const posted = structuredClone(toColumns([], []));
    expect([opensOf(posted), clicksOf(posted)]).toEqual([[], []]);
  });
});
