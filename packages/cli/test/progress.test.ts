import { describe, expect, it } from 'vitest';
import { Progress, progressBar, progressText } from '../src/commands/progress.js';

/** A sink that keeps what was written, and a clock the test moves. */
function setup(isTTY: boolean) {
  const written: string[] = [];
  let now = 1_000_000;
  const progress = new Progress({ isTTY, write: (t: string) => written.push(t) }, 500, () => now);
  return { written, progress, tick: (ms: number) => (now += ms) };
}

describe('progress', () => {
  it.each<[number, string]>([
    [0, '[------------------------]'],
    [0.5, '[############------------]'],
    [1.2, '[########################]'],
  ])('bar at %d', (fraction, bar) => expect(progressBar(fraction)).toBe(bar));

  it('says the share read, the rows done and the rate of this run', () => {
    expect(progressText({ rows: 4200, fraction: 0.426 }, 2700, 2000)).toBe('42%  4,200 rows  1,350 rows/s');
    expect(progressText({ rows: 0, fraction: 0 }, 0, 0)).toBe('0%  0 rows');
  });

  it('on a terminal redraws one line at most every 100 ms and clears it at the end', () => {
    const { written, progress, tick } = setup(true);
    progress.update({ rows: 600, fraction: 0.1 });
    tick(100);
    progress.update({ rows: 1500, fraction: 0.5 });
    tick(50);
    progress.update({ rows: 1600, fraction: 0.55 });
    progress.done();
    expect(written).toEqual(['\r\x1b[K[############------------] 50%  1,500 rows  10,000 rows/s', '\r\x1b[K']);
  });

  it('elsewhere prints a plain line every 10 s and nothing to clear', () => {
    const { written, progress, tick } = setup(false);
    tick(9_999);
    progress.update({ rows: 900, fraction: 0.2 });
    tick(1);
    progress.update({ rows: 1500, fraction: 0.3 });
    tick(5_000);
    progress.update({ rows: 2000, fraction: 0.4 });
    progress.done();
    expect(written).toEqual(['blinkpost: 30%  1,500 rows  100 rows/s\n']);
  });
});
