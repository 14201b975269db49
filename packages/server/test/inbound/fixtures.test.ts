// The labelled real-world messages in /work/shared/fixtures/mail (bounces from Sisimai's corpus, autoresponders
// from BounceParser's, replies from talon's). They are read where they are, never copied into the repository.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyMessage, type InboundVerdict } from '../../src/domain/inbound/index.js';
import { MAIL_FIXTURES as fixtureDir, mailFixturesPresent as present } from '../support/mail-fixtures.js';

type Label = 'bounce_hard' | 'bounce_soft' | 'auto_reply' | 'reply';

/** labels.tsv: a header row, then `filename<TAB>label<TAB>…`. */
function labels(): [string, Label][] {
  const rows = readFileSync(path.join(fixtureDir, 'labels.tsv'), 'utf8').trim().split('\n').slice(1);
  return rows.map((row) => row.split('\t').slice(0, 2) as [string, Label]);
}

const classify = (file: string): Promise<InboundVerdict> => classifyMessage(readFileSync(path.join(fixtureDir, file)));

/** The label a verdict earns. */
const labelOf = (v: InboundVerdict): string => (v.kind === 'bounce' ? `bounce_${v.bounce?.severity}` : v.kind);

describe('inbound fixtures', () => {
  describe.runIf(present)('every labelled message', () => {
    const rows = present ? labels() : [];

    it('covers all four labels', () => {
      expect(new Set(rows.map(([, label]) => label))).toEqual(
        new Set(['bounce_hard', 'bounce_soft', 'auto_reply', 'reply']),
      );
    });

    it.each(rows)('%s is classified %s, with a reason naming the rule', async (file, label) => {
      const v = await classify(file);
      expect(labelOf(v)).toBe(label);
      const rule = {
        bounce_hard: /^(RFC 3464|Bounce notice)/,
        bounce_soft: /^(RFC 3464|Bounce notice)/,
        auto_reply: /Auto-Submitted|Out-of-office subject|Precedence/,
        reply: /^No bounce or auto-reply sign/,
      }[label];
      expect(v.reason).toMatch(rule);
    });

    // talon's own test expects "Hello" as the extracted reply of each of its standard replies.
    it.each(rows.filter(([, label]) => label === 'reply'))('%s: the snippet is the new text only', async (file) => {
      expect((await classify(file)).snippet).toBe('Hello');
    });
  });

  describe.runIf(present)('bounce details', () => {
    // status, recipient and the original's Message-ID, as the messages themselves say them
    const cases: [file: string, status: string, recipient: string, original: string | null][] = [
      [
        'bounce_hard--sisimai--01.eml',
        '5.1.1',
        'kijitora@example.co.jp',
        '<A8F82EDD-E518-4F5C-8C70-BC4EFF24AB9F@example.ne.jp>',
      ],
      // Final-Recipient is "@mx.example.org": the address comes from the text
      ['bounce_hard--sisimai--05.eml', '5.1.2', 'kijitora@example.org', '<00000000000000000000000000@example.or.jp>'],
      [
        'bounce_hard--sisimai--06.eml',
        '5.1.1',
        'userunknown@libsisimai.net',
        '<20240624090001.44587.qmail@nq.example.jp>',
      ],
      // multipart/report with no delivery-status part; the original's headers are quoted in the text
      ['bounce_hard--sisimai--07.eml', '5.1.10', 'kijitora@example.com', '<FFFFFFFF.EEEEEEEE@example.ed.jp>'],
      ['bounce_hard--sisimai--09.eml', '', 'kijitora@example.jp', null],
      // the MIME boundary in the header does not match the body's
      [
        'bounce_hard--sisimai--14.eml',
        '5.1.1',
        'neko-nyaan@example.org',
        '<2018042233445.A95F8E533589@mail.example.co.jp>',
      ],
      // Status 5.0.0, Diagnostic-Code 550 5.1.1: the precise code wins
      ['bounce_hard--sisimai--15.eml', '5.1.1', 'kijitora@example.co.jp', null],
      ['bounce_soft--sisimai--02.eml', '4.3.2', 'kijitora@example.ne.jp', '<20140913142357>'],
      [
        'bounce_soft--sisimai--03.eml',
        '4.2.2',
        'kijitora@example.jp',
        '<A4D6026C-0699-460F-9F86-C2A5CB4BE6CE@gmail.com>',
      ],
      ['bounce_soft--sisimai--07.eml', '', 'kijitora@example.org', '<000000000000000000000000xx@host5.example.org>'],
    ];

    it.each(cases)('%s: status %s for %s', async (file, status, recipient, original) => {
      const v = await classify(file);
      expect(v.bounce).toMatchObject({ status, recipient });
      expect(v.reason).toContain(recipient);
      if (original) expect(v.refersTo).toContain(original);
      expect(v.refersTo).not.toContain(v.messageId);
    });
  });

  it.runIf(present)(
    'keeps the In-Reply-To of an auto-reply, decodes its subject and lower-cases the sender',
    async () => {
      const apple = await classify('auto_reply--sisimai--02.eml');
      expect(apple.refersTo).toEqual(['<25203A4E-F90F-4A14-BF51-3E7B9D39BE8E@libsisimai.org>']);
      const polish = await classify('auto_reply--bounceparser--01.eml');
      expect(polish.subject).toBe('[Automatyczna odpowiedź] test');
      expect(polish.reason).toBe("Out-of-office subject: 'Automatyczna odpowiedź'");
      const exim = await classify('bounce_hard--sisimai--03.eml');
      expect(exim.from).toBe('mailer-daemon@example.org');
    },
  );
});
