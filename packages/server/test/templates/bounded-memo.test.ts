import { describe, expect, it } from 'vitest';
import { boundedMemo } from '../../src/domain/bounded-memo.js';

describe('boundedMemo', () => {
  const counting = (maxEntries: number, maxChars: number) => {
    const calls: string[] = [];
    const f = boundedMemo(
      (s: string) => {
        calls.push(s);
        return s.length;
      },
      maxEntries,
      maxChars,
    );
    return { f, calls };
  };

  it('computes each input once while it is remembered', () => {
    const { f, calls } = counting(10, 1000);
    expect([f('a'), f('bb'), f('a'), f('bb')]).toEqual([1, 2, 1, 2]);
    expect(calls).toEqual(['a', 'bb']);
  });

  it('forgets the least recently used input first when over the entry budget', () => {
    const { f, calls } = counting(2, 1000);
    f('a');
    f('b');
    f('a'); // a is now the most recently used
    f('c'); // evicts b
    f('a');
    f('b');
    expect(calls).toEqual(['a', 'b', 'c', 'b']);
  });

  it('keeps within the character budget and never keeps an input larger than it', () => {
    const { f, calls } = counting(100, 5);
    f('aaa');
    f('bbb'); // 6 characters: evicts aaa
    f('aaa');
    f('xxxxxxxxx');
    f('xxxxxxxxx');
    expect(calls).toEqual(['aaa', 'bbb', 'aaa', 'xxxxxxxxx', 'xxxxxxxxx']);
  });

  it('does not remember a throw', () => {
    let n = 0;
    const f = boundedMemo((s: string) => {
      n += 1;
      if (n === 1) throw new Error('first time');
      return s;
    });
    expect(() => f('x')).toThrow('first time');
    expect(f('x')).toBe('x');
  });
});
