import { boundedMemo } from './bounded-memo.js';

// Spintax: `{Hi|Hello|Hey}` picks one option per email, groups nest, and Liquid's `{{ }}` and
// `{% %}` pass through untouched (their braces and pipes are not spintax). A single-brace group
// without a top-level `|` is not spintax and stays literal, so CSS such as `p { margin: 0 }` survives.

/**
 * Picks one of `options` (0-based) for the group named `slot`; injected so the engine can make a
 * lead's choice deterministic and tests can make it anything.
 */
export type Choose = (options: number, slot: string) => number;

/** A piece of spintax text: literal text, or a group of alternative sequences. */
type Part = string | { slot: number; options: Part[][] };

interface Scan {
  /** for each `{` that opens a spintax group, the index of its `}` */
  close: Map<number, number>;
  /** for each such `{`, the indexes of its own top-level `|` */
  pipes: Map<number, number[]>;
}

// Liquid delimiters are skipped whole; an unclosed one is left for Liquid to report.
function liquidEnd(src: string, i: number): number | undefined {
  const open = src.slice(i, i + 2);
  if (open !== '{{' && open !== '{%') return undefined;
  const end = src.indexOf(open === '{{' ? '}}' : '%}', i + 2);
  return end < 0 ? undefined : end + 2;
}

// One pass matching braces with a stack, so unbalanced input costs O(n), not O(n²).
function scan(src: string): Scan {
  const close = new Map<number, number>();
  const pipes = new Map<number, number[]>();
  const stack: { at: number; pipes: number[] }[] = [];
  let i = 0;
  while (i < src.length) {
    const end = liquidEnd(src, i);
    if (end !== undefined) {
      i = end;
      continue;
    }
    const ch = src[i];
    if (ch === '{') stack.push({ at: i, pipes: [] });
    else if (ch === '|') stack.at(-1)?.pipes.push(i);
    else if (ch === '}') {
      const open = stack.pop();
      if (open && open.pipes.length > 0) {
        close.set(open.at, i);
        pipes.set(open.at, open.pipes);
      }
    }
    i += 1;
  }
  return { close, pipes };
}

function build(src: string, s: Scan, from: number, to: number, counter: { n: number }): Part[] {
  const parts: Part[] = [];
  let textFrom = from;
  let i = from;
  while (i < to) {
    const end = liquidEnd(src, i);
    if (end !== undefined && end <= to) {
      i = end;
      continue;
    }
    const closeAt = s.close.get(i);
    if (closeAt === undefined || closeAt >= to) {
      i += 1;
      continue;
    }
    if (i > textFrom) parts.push(src.slice(textFrom, i));
    const slot = counter.n++;
    const bounds = [i, ...(s.pipes.get(i) ?? []), closeAt];
    const options: Part[][] = [];
    for (let k = 0; k + 1 < bounds.length; k++) {
      options.push(build(src, s, bounds[k]! + 1, bounds[k + 1]!, counter));
    }
    parts.push({ slot, options });
    i = closeAt + 1;
    textFrom = i;
  }
  if (to > textFrom) parts.push(src.slice(textFrom, to));
  return parts;
}

const parse = boundedMemo((src: string): Part[] => build(src, scan(src), 0, src.length, { n: 0 }));

function pick(options: number, chosen: number): number {
  if (!Number.isFinite(chosen)) return 0;
  return Math.abs(Math.trunc(chosen)) % options;
}

function render(parts: Part[], select: (group: { slot: number; options: Part[][] }) => Part[][]): string {
  let out = '';
  for (const part of parts) {
    if (typeof part === 'string') out += part;
    else for (const option of select(part)) out += render(option, select);
  }
  return out;
}

/**
 * Resolves every spintax group of `text` with `choose`; slots are named `<prefix>:<n>`, groups
 * numbered in the order they open, so a template's slots are stable across leads.
 */
export function spin(text: string, choose: Choose, prefix = 'text'): string {
  return render(parse(text), (g) => [
    g.options[pick(g.options.length, choose(g.options.length, `${prefix}:${g.slot}`))]!,
  ]);
}

/** Every option of every group, concatenated: what a syntax check of the Liquid inside must accept. */
export function allSpintaxOptions(text: string): string {
  return render(parse(text), (g) => g.options);
}

/** A choice that is the same for the same seed and slot (FNV-1a), e.g. seeded by lead id and step. */
export function seededChoice(seed: string): Choose {
  return (options, slot) => {
    let h = 0x811c9dc5;
    const key = `${seed}\u0000${slot}`;
    for (let i = 0; i < key.length; i++) {
      h ^= key.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h % options;
  };
}

/** The first option of every group: what a preview without a lead, or the score, reads. */
export const firstOption: Choose = () => 0;
