import { expect, it } from 'vitest';
import { cutText } from '../../src/domain/cut-text.js';
import { replySnippet } from '../../src/domain/inbound/reply-snippet.js';

it('cuts at the limit, one unit earlier where it would split an emoji, and leaves short text alone', () => {
  expect(cutText('abcdef', 4)).toBe('abcd');
  expect(cutText('abc😀def', 4)).toBe('abc');
  expect(cutText('abc😀def', 5)).toBe('abc😀');
  expect(cutText('abc', 4)).toBe('abc');
});

it('a reply snippet of 200 characters never ends in half an emoji', () => {
  const snippet = replySnippet(`${'x'.repeat(199)}😀 and more`);
  expect(snippet).toBe('x'.repeat(199));
});
