import { describe, expect, it } from 'vitest';
import { classifySmtpError } from '../../src/mail/smtp-outcome.js';

// What nodemailer throws, and the outcome the engine acts on.
const CASES: [string, unknown, object][] = [
  [
    '535 credentials refused',
    { code: 'EAUTH', responseCode: 535, response: '535 5.7.8 Bad credentials', command: 'AUTH PLAIN' },
    { kind: 'auth', code: 535, command: 'AUTH PLAIN', response: '535 5.7.8 Bad credentials' },
  ],
  ['534 mechanism too weak', { code: 'EAUTH', responseCode: 534, response: '534 5.7.9' }, { kind: 'auth', code: 534 }],
  [
    '530 STARTTLS first',
    { code: 'EENVELOPE', responseCode: 530, response: '530 5.7.0 Must issue STARTTLS' },
    { kind: 'auth' },
  ],
  ['EAUTH without a reply', { code: 'EAUTH', message: 'Missing credentials for "PLAIN"' }, { kind: 'auth' }],
  [
    '454 temporary auth failure',
    { code: 'EAUTH', responseCode: 454, response: '454 4.7.0 Try later' },
    { kind: 'transient' },
  ],
  [
    '421 service closing',
    { code: 'EENVELOPE', responseCode: 421, response: '421 4.7.0 Bye' },
    { kind: 'transient', code: 421 },
  ],
  ['451 greylisted', { code: 'EENVELOPE', responseCode: 451, response: '451 4.7.1' }, { kind: 'transient' }],
  [
    '550 no such user',
    { code: 'EENVELOPE', responseCode: 550, response: '550 5.1.1 No such user' },
    { kind: 'permanent' },
  ],
  ['554 rejected', { code: 'EMESSAGE', responseCode: 554, response: '554 5.7.1 Spam' }, { kind: 'permanent' }],
  ['503 out of sequence', { code: 'EPROTOCOL', responseCode: 503, response: '503 5.5.1' }, { kind: 'transient' }],
  ['connection refused', { code: 'ESOCKET', message: 'connect ECONNREFUSED 127.0.0.1:1' }, { kind: 'transient' }],
  ['timeout', { code: 'ETIMEDOUT', message: 'Greeting never received' }, { kind: 'transient' }],
  ['no recipients', { code: 'EENVELOPE', message: 'No recipients defined' }, { kind: 'invalid' }],
  ['a thrown string', 'boom', { kind: 'transient', response: 'boom' }],
];

describe('classifySmtpError', () => {
  it.each(CASES)('%s', (_name, err, expected) => {
    expect(classifySmtpError(err)).toMatchObject({ ok: false, ...expected });
  });

  it('keeps the server’s words, cut to a sane length', () => {
    const long = `550 ${'x'.repeat(5000)}`;
    const out = classifySmtpError({ responseCode: 550, response: long });
    expect(out.response.length).toBeLessThanOrEqual(1001);
    expect(out.response.startsWith('550 xxx')).toBe(true);
  });
});
