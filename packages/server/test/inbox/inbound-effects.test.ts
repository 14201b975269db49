import { describe, expect, it } from 'vitest';
import {
  asksToUnsubscribe,
  inboundEffects,
  isPublicMailDomain,
  replyRulesOf,
  type InboundJudgement,
} from '../../src/domain/inbound/inbound-effects.js';

const rules = replyRulesOf({});
const ctx = { leadEmail: 'Bob@Lead.test', from: 'bob@lead.test', subject: 'Re: Hello', rules };

describe('replyRulesOf', () => {
  it('fills in SalesBlink’s defaults', () => {
    expect(rules).toEqual({
      stopOnReply: true,
      stopScope: 'contact',
      checkReplies: true,
      bounceThreshold: 2,
      bouncePause: false,
    });
  });

  it('reads the settings under their (misspelt) names; a threshold below 1 counts as 1', () => {
    expect(
      replyRulesOf({
        stopWhenReplyRecieved: false,
        stopWhenReplyRecievedWhen: 'contact-with-same-domain',
        checkEmailReply: false,
        bounceThreshold: 0,
        bouncePause: true,
      }),
    ).toEqual({ stopOnReply: false, stopScope: 'domain', checkReplies: false, bounceThreshold: 1, bouncePause: true });
  });
});

describe('inboundEffects', () => {
  it.each<[string, InboundJudgement, object]>([
    [
      'a reply stops the lead',
      { kind: 'reply' },
      { activity: 'reply', leadStatus: 'replied', stop: { scope: 'contact', reason: 'replied: bob@lead.test' } },
    ],
    ['an auto-reply only records', { kind: 'auto_reply' }, { activity: 'auto_reply', countsTowardBounces: false }],
    [
      'a hard bounce marks, stops and counts',
      { kind: 'bounce', severity: 'hard', status: '5.1.1', diagnostic: 'user unknown' },
      {
        activity: 'bounce',
        leadStatus: 'bounced',
        stop: { reason: 'bounced: 5.1.1 user unknown' },
        countsTowardBounces: true,
      },
    ],
    [
      'a soft bounce only records',
      { kind: 'bounce', severity: 'soft', status: '4.4.1' },
      { activity: 'bounce', countsTowardBounces: false },
    ],
  ])('%s', (_, judgement, expected) => {
    const e = inboundEffects(judgement, ctx);
    expect(e).toMatchObject(expected);
    if (judgement.kind !== 'reply' && !(judgement.kind === 'bounce' && judgement.severity === 'hard')) {
      expect(e.stop).toBeUndefined();
      expect(e.leadStatus).toBeUndefined();
    }
  });

  it('stops everyone at the lead’s domain when the sequence says so, but never at a public provider', () => {
    const domain = replyRulesOf({ stopWhenReplyRecievedWhen: 'contact-with-same-domain' });
    expect(inboundEffects({ kind: 'reply' }, { ...ctx, from: 'sales@lead.test', rules: domain }).stop).toEqual({
      scope: 'domain',
      domain: 'lead.test',
      reason: 'replied: sales@lead.test at lead.test',
    });
    const gmail = inboundEffects(
      { kind: 'reply' },
      { ...ctx, leadEmail: 'pat@gmail.com', from: 'pat@gmail.com', rules: domain },
    );
    expect(gmail.stop?.scope).toBe('contact');
    expect(gmail.note).toMatch(/public mail provider/);
  });

  it('leaves the lead alone when stopWhenReplyRecieved is off, but still honours an unsubscribe', () => {
    const off = replyRulesOf({ stopWhenReplyRecieved: false });
    expect(inboundEffects({ kind: 'reply' }, { ...ctx, rules: off })).toEqual({
      activity: 'reply',
      countsTowardBounces: false,
      unsubscribe: false,
    });
    expect(inboundEffects({ kind: 'reply' }, { ...ctx, subject: 'unsubscribe', rules: off }).unsubscribe).toBe(true);
  });
});

describe('asksToUnsubscribe and isPublicMailDomain', () => {
  it.each([
    ['unsubscribe', true],
    ['Unsubscribe me please', true],
    ['  UNSUBSCRIBE', true],
    ['Re: unsubscribe', false],
    ['unsubscribed already?', false],
    ['How do I unsubscribe?', false],
  ])('%j asks to unsubscribe: %s', (subject, expected) => {
    expect(asksToUnsubscribe(subject)).toBe(expected);
  });

  it.each([
    ['gmail.com', true],
    ['yahoo.co.uk', true],
    ['Outlook.com', true],
    ['acme.test', false],
    ['mail.acme.com', false],
  ])('%s is a public provider: %s', (domain, expected) => {
    expect(isPublicMailDomain(domain)).toBe(expected);
  });
});
