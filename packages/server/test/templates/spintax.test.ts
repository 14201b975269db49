import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allSpintaxOptions, firstOption, seededChoice, spin, type Choose } from '../../src/domain/spintax.js';

const always =
  (n: number): Choose =>
  () =>
    n;

describe('spin', () => {
  it.each([
    ['a group picks one option', '{Hi|Hello|Hey} there', always(1), 'Hello there'],
    ['the first option', '{Hi|Hello|Hey} there', firstOption, 'Hi there'],
    ['an out-of-range choice wraps', '{Hi|Hello|Hey}', always(4), 'Hello'],
    ['a negative choice still picks an option', '{Hi|Hello|Hey}', always(-1), 'Hello'],
    ['a NaN choice picks the first', '{Hi|Hello}', always(Number.NaN), 'Hi'],
    ['groups nest', '{a|{b|c}|d}', always(1), 'c'],
    ['an empty option is allowed', '{Hi |}there', always(1), 'there'],
    [
      'Liquid output passes through',
      '{{ first_name | default: "a|b" }}',
      always(1),
      '{{ first_name | default: "a|b" }}',
    ],
    ['Liquid tags pass through', '{% if x %}{a|b}{% endif %}', always(1), '{% if x %}b{% endif %}'],
    ['Liquid inside an option', '{Hi {{first_name}}|Hello {{ first_name }}}', always(1), 'Hello {{ first_name }}'],
    ['a brace group without a pipe stays literal (CSS)', 'p { margin: 0 }', always(1), 'p { margin: 0 }'],
    ['an unclosed group stays literal', 'Hi {there|you', always(1), 'Hi {there|you'],
    ['a stray closing brace stays literal', 'a } b', always(1), 'a } b'],
    ['a pipe outside a group stays literal', 'a | b', always(1), 'a | b'],
    ['a literal brace around a group', '{x {a|b} y}', always(1), '{x b y}'],
    ['an unclosed Liquid output leaves the rest to Liquid', '{{ oops {a|b}', always(1), '{{ oops b'],
  ])('%s', (_name, src, choose, expected) => {
    expect(spin(src, choose)).toBe(expected);
  });

  it('names slots by prefix and the order groups open, nested ones included', () => {
    const seen: string[] = [];
    spin(
      '{a|{b|c}} {d|e}',
      (n, slot) => {
        seen.push(`${slot}/${n}`);
        return 1;
      },
      'html',
    );
    expect(seen).toEqual(['html:0/2', 'html:1/2', 'html:2/2']);
  });

  it('asks only about the groups on the chosen path', () => {
    const seen: string[] = [];
    spin('{a|{b|c}}', (_n, slot) => {
      seen.push(slot);
      return 0;
    });
    expect(seen).toEqual(['text:0']);
  });

  it('expands every option for a syntax check', () => {
    expect(allSpintaxOptions('{Hi|Hello {{x}}|{a|b}}!')).toBe('HiHello {{x}}ab!');
  });

  it('handles many unbalanced braces in linear time', () => {
    const src = '{'.repeat(100_000);
    const started = performance.now();
    expect(spin(src, firstOption)).toBe(src);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('seededChoice', () => {
  it('is the same for the same seed and slot, and within range', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.integer({ min: 1, max: 50 }), (seed, slot, n) => {
        const a = seededChoice(seed)(n, slot);
        expect(a).toBe(seededChoice(seed)(n, slot));
        expect(Number.isInteger(a) && a >= 0 && a < n).toBe(true);
      }),
    );
  });

  it('spreads leads over the options', () => {
    const counts = [0, 0, 0];
    for (let i = 0; i < 3000; i++) counts[seededChoice(`lead-${i}:0`)(3, 'html:0')]! += 1;
    for (const c of counts) expect(c).toBeGreaterThan(800);
  });
});

// A spintax tree: text (which may hold Liquid) or a group of two or more alternatives.
type Node = { text: string } | { options: Node[][] };

const leaf = fc.oneof(
  fc.stringMatching(/^[^{}|]*$/).map((text) => ({ text })),
  fc
    .constantFrom('{{ first_name }}', '{{ x | default: "a|b" }}', '{% if y %}', '{% endif %}')
    .map((text) => ({ text })),
);
const { tree } = fc.letrec<{ tree: Node[]; node: Node }>((tie) => ({
  tree: fc.array(tie('node'), { maxLength: 4 }),
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('tree'), { minLength: 2, maxLength: 3 }).map((options) => ({ options })),
  ),
}));

// Adjacent braces could join into Liquid's `{{`; a space before every node and option keeps each one
// what it was generated as (writers put the same space in `{ {Hi|Hello} there|Hey}`).
const source = (nodes: Node[]): string =>
  nodes.map((n) => ('text' in n ? n.text : `{${n.options.map((o) => ` ${source(o)}`).join('|')}}`)).join(' ');

function expected(nodes: Node[], pick: (n: number, slot: number) => number, counter: { n: number }): string {
  return nodes
    .map((n) => {
      if ('text' in n) return n.text;
      const slot = counter.n++;
      const chosen = pick(n.options.length, slot);
      // Slots of the options not chosen are numbered all the same.
      let out = '';
      n.options.forEach((o, i) => {
        const text = ` ${expected(o, pick, counter)}`;
        if (i === chosen) out = text;
      });
      return out;
    })
    .join(' ');
}

describe('spin over generated spintax', () => {
  it('resolves every group with the choice made for its slot, leaving Liquid as written', () => {
    fc.assert(
      fc.property(tree, fc.integer({ min: 0, max: 1000 }), (nodes, salt) => {
        const pick = (n: number, slot: number) => (slot * 7 + salt) % n;
        const choose: Choose = (n, slot) => pick(n, Number(slot.split(':')[1]));
        expect(spin(source(nodes), choose)).toBe(expected(nodes, pick, { n: 0 }));
      }),
    );
  });

  it('leaves text without braces unchanged', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[^{}]*$/), (text) => {
        expect(spin(text, firstOption)).toBe(text);
      }),
    );
  });
});
