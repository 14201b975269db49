import type { ColdEmailScore } from '@blinkpost/contract';

/** Advice for each part of the cold-email score that pulls it down. */
export function scoreHints(score: ColdEmailScore): string[] {
  const d = score.details;
  const hints: string[] = [];
  if (d.word_count > 200) hints.push(`${d.word_count} words: cold emails under 125 words get more replies.`);
  if (d.word_count < 25) hints.push('Very short: say who you are and why you write.');
  if (d.personalization_count === 0) hints.push('No variables: add {{first_name}} or {{company_name}}.');
  if (d.link_count > 2) hints.push(`${d.link_count} links: keep one at most in a first email.`);
  if (d.image_count > 0) hints.push('Images look like marketing mail and often land in spam.');
  if (d.question_count === 0) hints.push('Ask one question so the reader has something to answer.');
  if (d.spam_word_count > 0) hints.push(`${d.spam_word_count} spam-trigger words: rephrase them.`);
  return hints;
}

/** The score, its rating and the hints. */
export function ScoreHints(props: { score: ColdEmailScore }) {
  const hints = scoreHints(props.score);
  return (
    <section className="panel" aria-labelledby="score-title" data-testid="score">
      <h2 id="score-title">
        Cold-email score: {props.score.score} ({props.score.rating})
      </h2>
      {hints.length === 0 ? (
        <p>Nothing to improve.</p>
      ) : (
        <ul>
          {hints.map((h) => (
            <li key={h}>{h}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
