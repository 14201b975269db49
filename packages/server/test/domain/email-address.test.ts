import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emailKey, emailProblem } from '../../src/domain/email-address.js';

// fast-check's addresses follow RFC 5322 closely; the ones of a length mail systems accept are "reasonable".
const address = fc.emailAddress().filter((a) => a.length <= 254);
const split = (a: string) => {
  const at = a.lastIndexOf('@');
  return { local: a.slice(0, at), domain: a.slice(at + 1) };
};
const insertAt = (s: string, index: number, what: string) => {
  const i = index % (s.length + 1);
  return s.slice(0, i) + what + s.slice(i);
};
const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,20}[a-z0-9])?$/);
const rejected = (a: string): void => {
  expect(emailProblem(a), JSON.stringify(a)).not.toBeNull();
};

describe('addresses that are accepted', () => {
  it.each([
    'ann@example.com',
    'Ann.Lee@Example.COM',
    'first.last+tag@sub.example.co.uk',
    "o'brien@example.ie",
    'x_y-z@my-company.io',
    'a@b.io',
    'user@xn--bcher-kva.example',
    `${'a'.repeat(64)}@example.com`,
  ])('%s', (a) => {
    expect(emailProblem(a)).toBeNull();
  });

  it('accepts every generated address of reasonable length', () => {
    fc.assert(
      fc.property(address, (a) => {
        expect(emailProblem(a)).toBeNull();
      }),
      { numRuns: 500 },
    );
  });
});

describe('addresses that are rejected', () => {
  it.each([
    ['', 'is empty'],
    ['ann', 'has no "@"'],
    ['@example.com', 'has nothing before "@"'],
    ['ann@', 'has no domain with a dot after "@"'],
    ['ann@localhost', 'has no domain with a dot after "@"'],
    ['ann@@example.com', 'has characters not allowed before "@"'],
    ['ann@b@example.com', 'has characters not allowed before "@"'],
    ['ann @example.com', 'has characters not allowed before "@"'],
    ['ann@example.com\r\nBcc: eve@example.net', 'has characters not allowed before "@"'],
    ['ann@example.com\r\n', 'has an invalid domain'],
    ['.ann@example.com', 'has characters not allowed before "@"'],
    ['ann.@example.com', 'has characters not allowed before "@"'],
    ['a..b@example.com', 'has characters not allowed before "@"'],
    ['"ann lee"@example.com', 'has characters not allowed before "@"'],
    ['ann@-example.com', 'has an invalid domain'],
    ['ann@example-.com', 'has an invalid domain'],
    ['ann@exa mple.com', 'has an invalid domain'],
    ['ann@example..com', 'has an invalid domain'],
    ['ann@[127.0.0.1]', 'has an invalid domain'],
    ['ann@example.c', 'has an invalid top-level domain'],
    ['ann@example.123', 'has an invalid top-level domain'],
    [`${'a'.repeat(65)}@example.com`, 'has a local part longer than 64 characters'],
    [
      `ann@${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(58)}.com`,
      'is longer than 254 characters',
    ],
  ])('%j %s', (a, problem) => {
    expect(emailProblem(a)).toBe(problem);
  });

  it('rejects an address with a CR, LF, tab or space anywhere', () => {
    const bad = fc.constantFrom('\r', '\n', '\r\n', ' ', '\t');
    fc.assert(
      fc.property(address, fc.nat(), bad, (a, i, ch) => rejected(insertAt(a, i, ch))),
      { numRuns: 300 },
    );
  });

  it('rejects an address without "@"', () => {
    fc.assert(fc.property(address, fc.constantFrom('', '.', '-', '_'), (a, ch) => rejected(a.replace('@', ch))));
  });

  it('rejects an address with a second "@" anywhere', () => {
    fc.assert(fc.property(address, fc.nat(), (a, i) => rejected(insertAt(a, i, '@'))));
  });

  it('rejects an empty local part', () => {
    fc.assert(fc.property(address, (a) => rejected(`@${split(a).domain}`)));
  });

  it('rejects a domain without a dot', () => {
    fc.assert(fc.property(address, label, (a, l) => rejected(`${split(a).local}@${l}`)));
  });

  it('rejects a domain label that starts or ends with a hyphen', () => {
    fc.assert(
      fc.property(address, fc.nat(), fc.boolean(), (a, i, leading) => {
        const { local, domain } = split(a);
        const labels = domain.split('.');
        const k = i % labels.length;
        labels[k] = leading ? `-${labels[k]}` : `${labels[k]}-`;
        rejected(`${local}@${labels.join('.')}`);
      }),
    );
  });

  it('rejects an address longer than 254 characters', () => {
    fc.assert(
      fc.property(address, fc.integer({ min: 1, max: 63 }), (a, size) => {
        const { local, domain } = split(a);
        let long = domain;
        while (local.length + 1 + long.length <= 254) long = `${'x'.repeat(size)}.${long}`;
        expect(emailProblem(`${local}@${long}`)).toBe('is longer than 254 characters');
      }),
    );
  });
});

describe('emailKey', () => {
  const casing = (s: string, upper: boolean[]) =>
    [...s].map((c, i) => (upper[i % upper.length] ? c.toUpperCase() : c)).join('');
  const pad = fc.constantFrom('', ' ', '\t', '\r\n', '  \n');

  it('trims and lower-cases, so every casing of an address has one key', () => {
    fc.assert(
      fc.property(address, fc.array(fc.boolean(), { minLength: 1 }), pad, pad, (a, upper, before, after) => {
        const lower = a.toLowerCase();
        expect(emailKey(`${before}${casing(a, upper)}${after}`)).toBe(lower);
        expect(emailKey(emailKey(a))).toBe(emailKey(a));
      }),
    );
  });

  it.each([
    ['  Ann@Example.COM ', 'ann@example.com'],
    ['BOB@EXAMPLE.ORG', 'bob@example.org'],
    ['\tcarol@example.net\n', 'carol@example.net'],
  ])('%j → %j', (raw, key) => {
    expect(emailKey(raw)).toBe(key);
  });
});
