import { describe, expect, it } from 'vitest';
import {
  coldEmailDetails,
  coldEmailPenalties,
  coldEmailScore,
  ratingOf,
  type ColdEmailDetails,
} from '../../src/domain/cold-email-score.js';

const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');

const ideal: ColdEmailDetails = {
  word_count: 80,
  personalization_count: 1,
  link_count: 0,
  image_count: 0,
  question_count: 1,
  spam_word_count: 0,
};

describe('what the score counts', () => {
  it.each<[string, string, string, Partial<ColdEmailDetails>]>([
    ['words in the prose, not in tags', '', '<p>Hello <b>there</b>,</p><p>how are you</p>', { word_count: 5 }],
    [
      'a variable as one word and one personalisation',
      '',
      'Hi {{ first_name | default: "there" }}',
      { word_count: 2, personalization_count: 1 },
    ],
    ['variables in the subject too', 'For {{company}}', 'Hi {{first_name}}', { personalization_count: 2 }],
    ['Liquid tags as nothing', '', '{% if x %}Hi{% endif %}', { word_count: 1, personalization_count: 0 }],
    ['spintax at its first option', '', '{Hi there|Hello}', { word_count: 2 }],
    [
      'links, not the unsubscribe link',
      '',
      '<a href="https://a.test">a</a> <a href=\'https://b.test\'>b</a> <a href="{{ unsubscribe_link }}">u</a>',
      { link_count: 2, word_count: 3, personalization_count: 0 },
    ],
    ['link targets are not words', '', '<a href="https://a.test/some/long/path">here</a>', { word_count: 1 }],
    ['images', '', '<img src="a.png"><IMG src="b.png"> hi', { image_count: 2, word_count: 1 }],
    ['questions, a run of marks as one', '', 'Free? Really?? Yes.', { question_count: 2 }],
    [
      'a question mark in a link target is not a question',
      '',
      '<a href="https://a.test/?x=1">go</a>',
      { question_count: 0 },
    ],
    [
      'spam phrases in subject and body, any case',
      'FREE offer',
      'Act now, click here. 100% risk-free!',
      { spam_word_count: 5 },
    ],
    ['no spam inside other words', 'freedom', 'cashew discounted', { spam_word_count: 0 }],
    ['punctuation-only tokens are not words', '', 'Hi — there • ok', { word_count: 3 }],
  ])('counts %s', (_name, subject, content, expected) => {
    expect(coldEmailDetails(subject, content)).toMatchObject(expected);
  });
});

describe('the rules', () => {
  it.each<[string, Partial<ColdEmailDetails>, Partial<Record<keyof ColdEmailDetails, number>>]>([
    ['an ideal email loses nothing', {}, {}],
    ['50 words is ideal', { word_count: 50 }, {}],
    ['125 words is ideal', { word_count: 125 }, {}],
    ['49 words is a little short', { word_count: 49 }, { word_count: 10 }],
    ['25 words is a little short', { word_count: 25 }, { word_count: 10 }],
    ['24 words is too short', { word_count: 24 }, { word_count: 25 }],
    ['126 words is a little long', { word_count: 126 }, { word_count: 10 }],
    ['200 words is a little long', { word_count: 200 }, { word_count: 10 }],
    ['201 words is too long', { word_count: 201 }, { word_count: 25 }],
    ['no personalisation', { personalization_count: 0 }, { personalization_count: 20 }],
    ['one link is fine', { link_count: 1 }, {}],
    ['two links', { link_count: 2 }, { link_count: 10 }],
    ['three links', { link_count: 3 }, { link_count: 20 }],
    ['one image', { image_count: 1 }, { image_count: 10 }],
    ['five images, capped', { image_count: 5 }, { image_count: 20 }],
    ['no question', { question_count: 0 }, { question_count: 10 }],
    ['three questions', { question_count: 3 }, { question_count: 5 }],
    ['two spam words', { spam_word_count: 2 }, { spam_word_count: 10 }],
    ['nine spam words, capped', { spam_word_count: 9 }, { spam_word_count: 25 }],
  ])('%s', (_name, change, penalties) => {
    const expected = {
      word_count: 0,
      personalization_count: 0,
      link_count: 0,
      image_count: 0,
      question_count: 0,
      spam_word_count: 0,
      ...penalties,
    };
    expect(coldEmailPenalties({ ...ideal, ...change })).toEqual(expected);
  });

  it.each([
    [100, 'excellent'],
    [80, 'excellent'],
    [79, 'good'],
    [60, 'good'],
    [59, 'fair'],
    [40, 'fair'],
    [39, 'poor'],
    [0, 'poor'],
  ])('a score of %i is %s', (score, rating) => {
    expect(ratingOf(score)).toBe(rating);
  });
});

describe('coldEmailScore', () => {
  it('scores a short, personal email with one question as excellent', () => {
    const content = `<p>Hi {{ first_name | default: "there" }},</p><p>${words(60)}</p><p>Worth a chat?</p>`;
    expect(coldEmailScore('Quick question', content)).toEqual({
      score: 100,
      rating: 'excellent',
      details: { ...ideal, word_count: 65 },
    });
  });

  it('scores a blast as poor and never below 0', () => {
    const content = `<img src="a.png"><img src="b.png"><p>FREE cash! Act now! Click here!</p>${'<a href="https://x.test">x</a>'.repeat(4)}`;
    const s = coldEmailScore('Urgent: guaranteed winner', content);
    expect(s.details).toMatchObject({ image_count: 2, link_count: 4, personalization_count: 0, question_count: 0 });
    // 25 (words) + 20 + 20 + 20 + 10 + 25 = 120 points off a hundred.
    expect(s).toMatchObject({ score: 0, rating: 'poor' });
  });
});
