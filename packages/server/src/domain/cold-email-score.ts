import { compile } from 'html-to-text';
import { spin, firstOption } from './spintax.js';
import { UNSUBSCRIBE_VARIABLE } from './template-render.js';

/** What the score counts in a template (SalesBlink's `cold_email_score.details`). */
export interface ColdEmailDetails {
  word_count: number;
  personalization_count: number;
  link_count: number;
  image_count: number;
  question_count: number;
  spam_word_count: number;
}

/** SalesBlink's `cold_email_score`: 0–100, a rating word, and what it was computed from. */
export interface ColdEmailScore {
  score: number;
  rating: 'excellent' | 'good' | 'fair' | 'poor';
  details: ColdEmailDetails;
}

/** Words and phrases that read as a sales blast to people and to spam filters. */
export const SPAM_PHRASES = [
  '100%',
  'act now',
  'amazing',
  'apply now',
  'best price',
  'buy now',
  'call now',
  'cash',
  'cheap',
  'click here',
  'congratulations',
  'discount',
  'double your',
  'earn money',
  'free',
  'guarantee',
  'guaranteed',
  'limited time',
  'lowest price',
  'make money',
  'no obligation',
  'once in a lifetime',
  'order now',
  'risk-free',
  'special promotion',
  'urgent',
  'winner',
  '$$$',
] as const;

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// Word boundaries that also work next to `%` and `$`: not preceded or followed by a letter or digit.
const SPAM = new RegExp(`(?<![\\p{L}\\p{N}])(?:${SPAM_PHRASES.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`, 'giu');

const LIQUID_OUTPUT = /\{\{[\s\S]*?\}\}/g;
const LIQUID_TAG = /\{%[\s\S]*?%\}/g;
const ANCHOR = /<a\b[^>]*?\bhref\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi;
const IMAGE = /<img\b/gi;
const unsubscribeHref = new RegExp(`\\{\\{-?\\s*${UNSUBSCRIBE_VARIABLE}\\b`, 'i');

// What a reader reads: link targets and images are not prose.
const proseOf: (html: string) => string = compile({
  wordwrap: false,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
  ],
});

const count = (text: string, re: RegExp): number => text.match(re)?.length ?? 0;

/** Counts what the score is made of, in the subject and the body (spintax read at its first option). */
export function coldEmailDetails(subject: string, content: string): ColdEmailDetails {
  const body = spin(content, firstOption, 'html');
  const subjectLine = spin(subject, firstOption, 'subject');
  const variables = [...subjectLine.matchAll(LIQUID_OUTPUT), ...body.matchAll(LIQUID_OUTPUT)].filter(
    (m) => !unsubscribeHref.test(m[0]),
  );
  // A variable reads as one word; tags (`if`, `assign`) are not words.
  const prose = proseOf(body.replace(LIQUID_TAG, '').replace(LIQUID_OUTPUT, ' name '));
  const words = prose.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w));
  const links = [...body.matchAll(ANCHOR)].filter((m) => !unsubscribeHref.test(m[1] ?? ''));
  return {
    word_count: words.length,
    personalization_count: variables.length,
    link_count: links.length,
    image_count: count(body, IMAGE),
    question_count: count(prose, /\?+/g),
    spam_word_count: count(`${subjectLine}\n${prose}`, SPAM),
  };
}

/** Points taken off for each detail; the rules are written out in docs/decisions.md. */
export function coldEmailPenalties(d: ColdEmailDetails): Record<keyof ColdEmailDetails, number> {
  const w = d.word_count;
  return {
    word_count: w >= 50 && w <= 125 ? 0 : (w >= 25 && w < 50) || (w > 125 && w <= 200) ? 10 : 25,
    personalization_count: d.personalization_count >= 1 ? 0 : 20,
    link_count: d.link_count <= 1 ? 0 : d.link_count === 2 ? 10 : 20,
    image_count: Math.min(d.image_count * 10, 20),
    question_count: d.question_count === 1 ? 0 : d.question_count === 0 ? 10 : 5,
    spam_word_count: Math.min(d.spam_word_count * 5, 25),
  };
}

/** The rating word for a score. */
export const ratingOf = (score: number): ColdEmailScore['rating'] =>
  score >= 80 ? 'excellent' : score >= 60 ? 'good' : score >= 40 ? 'fair' : 'poor';

/** Scores a template as a cold email: 100 minus the penalties, never below 0. */
export function coldEmailScore(subject: string, content: string): ColdEmailScore {
  const details = coldEmailDetails(subject, content);
  const taken = Object.values(coldEmailPenalties(details)).reduce((a, b) => a + b, 0);
  const score = Math.max(0, 100 - taken);
  return { score, rating: ratingOf(score), details };
}
