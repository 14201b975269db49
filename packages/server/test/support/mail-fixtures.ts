import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/**
 * The labelled real-world messages (bounces, auto-replies, replies) the workplace keeps beside the
 * project, read where they are and never copied into it: `BLINKPOST_MAIL_FIXTURES`, else
 * `../shared/fixtures/mail` next to the repository.
 */
export const MAIL_FIXTURES =
  process.env['BLINKPOST_MAIL_FIXTURES'] ?? path.resolve(repoRoot, '../shared/fixtures/mail');

/** Whether they are here; suites that read them skip, saying why, when they are not (locally; in CI they fail). */
export const mailFixturesPresent = existsSync(path.join(MAIL_FIXTURES, 'labels.tsv'));

if (!mailFixturesPresent && process.env['CI']) {
  // In CI every suite runs: absent fixtures fail the files that read them instead of skipping.
  throw new Error(`mail fixtures absent at ${MAIL_FIXTURES}: set BLINKPOST_MAIL_FIXTURES (CI runs every suite)`);
}
if (!mailFixturesPresent) {
  console.warn(`mail fixtures absent at ${MAIL_FIXTURES} (set BLINKPOST_MAIL_FIXTURES): the suites reading them skip`);
}
