import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  MAIL_FIXTURES as fixtureDir,
  mailFixturesPresent as present,
} from '../../server/test/support/mail-fixtures.js';
import { ensureBuilt, runCli } from './support/cli.js';

// The labelled inbound fixtures live outside the repository and are read where they are.
const fixture = (name: string) => path.join(fixtureDir, name);

beforeAll(() => ensureBuilt());

describe('blinkpost mail classify', { timeout: 60_000 }, () => {
  it.runIf(present)('prints one JSON object per file with the verdict and its reason', async () => {
    const files = ['bounce_hard--sisimai--01.eml', 'bounce_soft--sisimai--07.eml', 'reply--talon--03.eml'];
    const res = await runCli(['mail', 'classify', '--format', 'json', ...files.map(fixture)]);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toEqual([
      {
        file: fixture(files[0]!),
        kind: 'bounce',
        severity: 'hard',
        status: '5.1.1',
        recipient: 'kijitora@example.co.jp',
        reason: 'RFC 3464 delivery status notification: Status 5.1.1 (Action: failed) for kijitora@example.co.jp',
        snippet: expect.stringMatching(/^This is the mail system at host/) as unknown,
      },
      {
        file: fixture(files[1]!),
        kind: 'bounce',
        severity: 'soft',
        status: '',
        recipient: 'kijitora@example.org',
        reason: expect.stringContaining("'failing for a long time'") as unknown,
        snippet: expect.any(String) as unknown,
      },
      {
        file: fixture(files[2]!),
        kind: 'reply',
        severity: null,
        status: null,
        recipient: null,
        reason: 'No bounce or auto-reply sign: a reply written by a person',
        snippet: 'Hello',
      },
    ]);
  });

  it.runIf(present)('prints the verdict and reason as text, and exits 1 naming a file it could not read', async () => {
    const missing = path.join(fixtureDir, 'no-such-message.eml');
    const res = await runCli([
      'mail',
      'classify',
      '--format',
      'table',
      fixture('auto_reply--sisimai--01.eml'),
      missing,
    ]);
    expect(res.code).toBe(1);
    expect(res.stdout).toBe(
      `${fixture('auto_reply--sisimai--01.eml')}: auto_reply\n  Out-of-office subject: 'Automatic reply'\n`,
    );
    expect(res.stderr).toContain(`cannot read ${missing}: ENOENT`);
  });
});
