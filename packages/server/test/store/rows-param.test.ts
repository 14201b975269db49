import { expect, it } from 'vitest';
import { rowsParam } from '../../src/store/statement-text.js';

it('rowsParam writes rows as JSON, a lone surrogate as U+FFFD and everything else as it was', () => {
  const rows = [
    { subject: 'Hi 👋', snippet: 'cut before the emoji ends \ud83d', n: 3, none: null },
    // The text of an escape, not a surrogate: it must come back as written.
    { subject: 'a backslash: \\ud83d and \\u0041', snippet: 'plain', n: 0, none: null },
  ];
  const json = rowsParam(rows);
  expect(JSON.parse(json)).toEqual([
    { subject: 'Hi 👋', snippet: 'cut before the emoji ends \ufffd', n: 3, none: null },
    { subject: 'a backslash: \\ud83d and \\u0041', snippet: 'plain', n: 0, none: null },
  ]);
  expect(json).not.toMatch(/\\ud83d"/);
  // Rows with no lone surrogate are exactly JSON.stringify's.
  expect(rowsParam([rows[1]!])).toBe(JSON.stringify([rows[1]]));
});
