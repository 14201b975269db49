import { describe, expect, it } from 'vitest';
import { unsubscribeHeaders } from '../../src/domain/tracking/index.js';

const URL_OK = 'https://t.example/u/AbC-_123';

describe('unsubscribeHeaders', () => {
  it('gives the RFC 8058 pair with the HTTPS URI and the mailto', () => {
    expect(unsubscribeHeaders({ httpsUrl: URL_OK, mailto: 'mailto:unsub@example.com?subject=unsubscribe' })).toEqual({
      'List-Unsubscribe': `<${URL_OK}>, <mailto:unsub@example.com?subject=unsubscribe>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
  });

  it('turns a bare address into a mailto URI, and does without one', () => {
    expect(unsubscribeHeaders({ httpsUrl: URL_OK, mailto: 'unsub@example.com' })['List-Unsubscribe']).toBe(
      `<${URL_OK}>, <mailto:unsub@example.com>`,
    );
    expect(unsubscribeHeaders({ httpsUrl: URL_OK })).toEqual({
      'List-Unsubscribe': `<${URL_OK}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
  });

  it.each([
    ['http', 'http://t.example/u/x'],
    ['mailto', 'mailto:unsub@example.com'],
    ['relative', '/u/x'],
    ['unparseable', 'https://'],
  ])('refuses an httpsUrl that is not https (%s)', (_, httpsUrl) => {
    expect(() => unsubscribeHeaders({ httpsUrl })).toThrow(RangeError);
  });

  it.each([
    ['CR', '\r'],
    ['LF', '\n'],
    ['CRLF and a header', '\r\nBcc: victim@example.com'],
    ['<', '<'],
    ['>', '>'],
    [',', ','],
    ['a space', ' '],
    ['a tab', '\t'],
    ['NUL', '\u0000'],
  ])('refuses %s in either value (header injection)', (_, bad) => {
    expect(() => unsubscribeHeaders({ httpsUrl: `${URL_OK}${bad}x` })).toThrow(RangeError);
    expect(() => unsubscribeHeaders({ httpsUrl: URL_OK, mailto: `unsub@example.com${bad}x` })).toThrow(RangeError);
  });

  it('refuses a mailto without an address', () => {
    expect(() => unsubscribeHeaders({ httpsUrl: URL_OK, mailto: 'mailto:' })).toThrow(RangeError);
    expect(() => unsubscribeHeaders({ httpsUrl: URL_OK, mailto: 'nobody' })).toThrow(RangeError);
  });
});
