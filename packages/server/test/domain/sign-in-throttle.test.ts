import { describe, expect, it } from 'vitest';
import { SignInThrottle } from '../../src/domain/sign-in-throttle.js';

describe('the sign-in throttle', () => {
  const limits = { failures: 3, windowMs: 60_000 };

  it('lets a key try until it reaches the limit, then says how long to wait', () => {
    const t = new SignInThrottle(limits);
    t.fail('k', 0);
    t.fail('k', 10_000);
    expect(t.waitSeconds('k', 10_000)).toBe(0);
    t.fail('k', 20_000);
    expect(t.waitSeconds('k', 20_000)).toBe(40);
    expect(t.waitSeconds('other', 20_000)).toBe(0);
  });

  it('slides: the oldest failure leaving the window frees one attempt', () => {
    const t = new SignInThrottle(limits);
    for (const at of [0, 10_000, 20_000]) t.fail('k', at);
    expect(t.waitSeconds('k', 59_999)).toBe(1);
    expect(t.waitSeconds('k', 60_000)).toBe(0);
    t.fail('k', 60_000);
    expect(t.waitSeconds('k', 60_000)).toBe(10);
  });

  it('forgets a key that signed in', () => {
    const t = new SignInThrottle(limits);
    for (const at of [0, 1, 2]) t.fail('k', at);
    t.clear('k');
    expect(t.waitSeconds('k', 3)).toBe(0);
  });
});
