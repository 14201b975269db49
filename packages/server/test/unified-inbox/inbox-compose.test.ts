// The pure parts of the unified inbox: default outcome labels, subjects, address fields, quoting.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/app-error.js';
import {
  addressList,
  escapeHtml,
  forwardHtml,
  forwardSubject,
  referencesFor,
  replySubject,
} from '../../src/domain/inbox/inbox-compose.js';
import { defaultOutcome } from '../../src/domain/inbox/inbox-outcome.js';

describe('defaultOutcome', () => {
  it.each([
    ['reply', 'Re: Hello', 'I am out of office but interested', ''],
    ['bounce', 'Undelivered Mail', 'out of office', ''],
    ['auto_reply', 'Automatic reply: Hello', 'I am out of the office until March 9.', 'out-of-office'],
    ['auto_reply', 'Re: Hello', 'I am travelling and will answer next week.', 'out-of-office'],
    ['auto_reply', 'Abwesenheitsnotiz: Hallo', 'Ich bin nicht im Büro.', 'out-of-office'],
    ['auto_reply', 'Ticket #4411 received', 'We will answer within 2 business days.', 'automatic-response'],
  ])('%s %j %j → %j', (kind, subject, snippet, outcome) => {
    expect(defaultOutcome(kind, subject, snippet)).toBe(outcome);
  });
});

describe('subjects', () => {
  it.each([
    ['Hello', 'Re: Hello', 'Fwd: Hello'],
    ['Re: Hello', 'Re: Hello', 'Fwd: Re: Hello'],
    ['RE: Hello', 'RE: Hello', 'Fwd: RE: Hello'],
    ['Fwd: Hello', 'Re: Fwd: Hello', 'Fwd: Hello'],
    ['  ', 'Re:', 'Fwd:'],
  ])('%j → %j / %j', (subject, reply, forward) => {
    expect(replySubject(subject).trim()).toBe(reply);
    expect(forwardSubject(subject).trim()).toBe(forward);
  });
});

describe('addressList', () => {
  it('reads comma-separated addresses, lower-cased, and names the field of a bad one', () => {
    expect(addressList('cc', undefined)).toEqual([]);
    expect(addressList('cc', ' A@B.test , c@d.test,')).toEqual(['a@b.test', 'c@d.test']);
    expect(() => addressList('cc', 'nope')).toThrow(AppError);
    expect(() => addressList('bcc', 'a@b.test, nope')).toThrow(/^bcc\[1\] has no "@"/);
  });
});

describe('forwardHtml and references', () => {
  it('escapes what it quotes and keeps the note as written', () => {
    const html = forwardHtml('<p>FYI</p>', {
      from: 'Bob <bob@lead.test>',
      to: 'ann@sender.test',
      subject: 'Re: <script>',
      at: new Date(Date.UTC(2026, 2, 2, 10)),
      text: 'a < b & "c"\nnext',
    });
    expect(html.startsWith('<p>FYI</p>')).toBe(true);
    expect(html).toContain('From: Bob &lt;bob@lead.test&gt;');
    expect(html).toContain('Subject: Re: &lt;script&gt;');
    expect(html).toContain('a &lt; b &amp; &quot;c&quot;<br>next');
    expect(html).not.toContain('<script>');
    expect(escapeHtml(`'`)).toBe('&#39;');
  });

  it('ends References with the message answered, without repeats or blanks', () => {
    expect(referencesFor(['<a@x>', '', '<b@x>', '<a@x>'], '<b@x>')).toEqual(['<a@x>', '<b@x>']);
    expect(referencesFor([], '<r@x>')).toEqual(['<r@x>']);
  });
});
