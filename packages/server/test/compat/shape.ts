import { expect } from 'vitest';

// A small shape checker, written for the compatibility suite so that it depends on nothing the server
// uses to describe its own answers: a check answers the problems it found, each naming the path.

/** Checks a value and answers what is wrong with it (empty: it fits). */
export type Check = (value: unknown, path: string) => string[];

const show = (v: unknown): string => (v === undefined ? 'undefined' : (JSON.stringify(v) ?? typeof v).slice(0, 80));

const typed =
  (name: string, test: (v: unknown) => boolean): Check =>
  (v, path) =>
    test(v) ? [] : [`${path} should be ${name}, got ${show(v)}`];

/** A string; `null` fails, as it does in the CLI's zod schemas. */
export const str = typed('a string', (v) => typeof v === 'string');
/** A finite number. */
export const num = typed('a number', (v) => typeof v === 'number' && Number.isFinite(v));
/** A whole number of zero or more (counts, offsets, millisecond times). */
export const count = typed('a whole number ≥ 0', (v) => Number.isInteger(v) && (v as number) >= 0);
/** A boolean. */
export const bool = typed('a boolean', (v) => typeof v === 'boolean');
/** Anything at all (what the CLI does with untyped `data`). */
export const anything: Check = () => [];

/** One of these exact values. */
export const oneOf =
  (...values: readonly (string | number | boolean)[]): Check =>
  (v, path) =>
    values.includes(v as string) ? [] : [`${path} should be one of ${values.join(' | ')}, got ${show(v)}`];

/** An array whose every element fits `item`. */
export const arrayOf =
  (item: Check): Check =>
  (v, path) =>
    Array.isArray(v) ? v.flatMap((x, i) => item(x, `${path}[${i}]`)) : [`${path} should be an array, got ${show(v)}`];

/** A field that may be left out; when present it must fit. */
export interface Optional {
  optional: Check;
}
/** Marks a field of `obj` as optional. */
export const optional = (check: Check): Optional => ({ optional: check });

/** An object with these fields (others pass through, as zod's passthrough does). */
export const obj =
  (fields: Record<string, Check | Optional>): Check =>
  (v, path) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return [`${path} should be an object, got ${show(v)}`];
    const o = v as Record<string, unknown>;
    return Object.entries(fields).flatMap(([key, spec]) => {
      const at = `${path}.${key}`;
      if (typeof spec === 'function') return key in o ? spec(o[key], at) : [`${at} is missing`];
      return o[key] === undefined ? [] : spec.optional(o[key], at);
    });
  };

/** Either of two shapes (e.g. an object or a one-element array, which the CLI both accepts). */
export const either =
  (a: Check, b: Check): Check =>
  (v, path) => {
    const first = a(v, path);
    if (first.length === 0) return [];
    const second = b(v, path);
    return second.length === 0 ? [] : [...first, ...second];
  };

/** Fails the test with every problem found, or passes. */
export function expectShape(value: unknown, check: Check, label = 'body'): void {
  expect(check(value, label), JSON.stringify(value)?.slice(0, 2000)).toEqual([]);
}
