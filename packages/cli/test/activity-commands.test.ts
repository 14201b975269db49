import { beforeAll, expect, it } from 'vitest';
import type { ActivityRecord } from '@blinkpost/contract';
import type { FeedPage } from '@blinkpost/sdk';
import { DAY, seedWorkspace, T0, type Seeded } from '../../server/test/analytics/analytics-fixture.js';
import { recordActivity } from '../../server/test/http/api-fixtures.js';
import { describeEachDialect } from '../../server/test/support/dialects.js';
import type { TestServer } from '../../server/test/support/test-server.js';
import { ensureBuilt, runCli } from './support/cli.js';
import { json, useRemoteCli } from './support/remote.js';

beforeAll(() => ensureBuilt());

const who = (rows: ActivityRecord[]) => rows.map((r) => r.email.toLowerCase());

describeEachDialect('blinkpost activity against a running server', (dialect) => {
  let t: TestServer;
  let seeded: Seeded;
  const remote = useRemoteCli(dialect, ['activity']);
  const cli = remote.cli;

  beforeAll(async () => {
    t = remote.server();
    seeded = await seedWorkspace(t, t.admin);
    // A reply whose text a spreadsheet would run as a formula, two days in.
    await recordActivity(t, t.admin, [
      {
        kind: 'reply',
        time: T0 + 2 * DAY,
        sequence_id: seeded.followUp,
        recipient_email: 'w@lead.test',
        sender_email: 'bob@acme.example',
        subject: 'Hello',
        step: 1,
        template_name: 'Intro',
        message_id: '<w@lead.test>',
        snippet: '=HYPERLINK("http://evil.test")',
      },
    ]);
  });

  it('prints a page of each feed, filtered', { timeout: 120_000 }, async () => {
    const [sent, launchSent, opens, humanOpens, humanClicks, replies, since, xOpens] = await Promise.all([
      cli('sent'),
      cli('sent', '--sequence', seeded.launch),
      cli('opens'),
      cli('opens', '--human'),
      cli('clicks', '--human'),
      cli('replies', '--page', '1', '--per-page', '2'),
      cli('sent', '--from', new Date(T0 + DAY).toISOString()),
      cli('opens', '--email', 'X@LEAD.TEST', '--to', String(T0 + 11 * 60_000)),
    ]);
    expect(who(json<FeedPage>(sent).data)).toEqual(['w@lead.test', 'z@lead.test', 'y@lead.test', 'x@lead.test']);
    expect(json<FeedPage>(sent)).toMatchObject({ count: 4, page: 1, per_page: 100 });
    expect(who(json<FeedPage>(launchSent).data)).toEqual(['z@lead.test', 'y@lead.test', 'x@lead.test']);
    expect(json<FeedPage>(opens).data.map((r) => [r.email, r.machine])).toEqual([
      ['w@lead.test', false],
      ['y@lead.test', true],
      ['x@lead.test', true],
      ['x@lead.test', false],
    ]);
    expect(who(json<FeedPage>(humanOpens).data)).toEqual(['w@lead.test', 'x@lead.test']);
    expect(json<FeedPage>(humanClicks).data.map((r) => [r.email, r.url])).toEqual([
      ['x@lead.test', 'https://acme.example/'],
    ]);
    expect(json<FeedPage>(replies)).toMatchObject({ count: 2, page: 1, per_page: 2 });
    expect(json<FeedPage>(replies).data.map((r) => [r.message, r.bounce])).toEqual([
      ['Replied', undefined],
      ['Bounced', 'soft'],
    ]);
    expect(who(json<FeedPage>(since).data)).toEqual(['w@lead.test']);
    expect(json<FeedPage>(xOpens).data.map((r) => r.machine)).toEqual([true, false]);
  });

  it('streams every page with --all, as JSON, CSV or a table', { timeout: 120_000 }, async () => {
    const [all, csv, table, page2] = await Promise.all([
      cli('replies', '--all', '--per-page', '2'),
      cli('replies', '--all', '--per-page', '2', '--format', 'csv'),
      cli('replies', '--all', '--format', 'table'),
      cli('replies', '--format', 'table', '--per-page', '2'),
    ]);
    const records = json<ActivityRecord[]>(all);
    expect(records.map((r) => [r.email, r.message])).toEqual([
      ['w@lead.test', 'Replied'],
      ['w@lead.test', 'Bounced'],
      ['y@lead.test', 'Bounced'],
      ['z@lead.test', 'Replied'],
      ['x@lead.test', 'Replied'],
    ]);
    // The streamed array is what Output prints for a list: the same bytes as JSON.stringify.
    expect(all.stdout).toBe(`${JSON.stringify(records, null, 2)}\n`);

    const lines = csv.stdout.trimEnd().split('\r\n');
    expect(lines[0]).toBe('TIME,EMAIL,SEQUENCE,STEP,SENDER,SUBJECT,KIND,SNIPPET');
    expect(lines).toHaveLength(6);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.test"")"`);
    expect(lines.slice(2).map((l) => l.split(',').at(-2))).toEqual([
      'soft bounce',
      'hard bounce',
      'auto-reply',
      'reply',
    ]);

    expect(table.stdout).toMatch(/^TIME +EMAIL +SEQUENCE +STEP +SENDER +SUBJECT +KIND +SNIPPET\n/);
    expect(table.stdout).toMatch(/z@lead\.test +Launch +1 +bob@acme\.example +Hello +auto-reply +Out of office/);
    expect(table.stdout).toContain('\n5 records.');
    expect(page2.stdout).toContain('Page 1: 2 records. --page 2 for more, --all for all.');
  });

  it('says what is wrong: 1 for a bad flag or time, 2 for a refused key', async () => {
    const [both, badTime, noHuman, refused] = await Promise.all([
      cli('sent', '--all', '--page', '2'),
      cli('sent', '--from', 'last tuesday'),
      cli('sent', '--human'),
      runCli(['activity', 'sent'], { env: { ...remote.env(), BLINKPOST_API_KEY: 'bp_live_nope' } }),
    ]);
    expect(both.code).toBe(1);
    expect(both.stderr).toContain("option '--all' cannot be used with option '--page <n>'");
    expect(badTime.code).toBe(1);
    expect(badTime.stderr).toContain('must be Unix milliseconds or an ISO-8601 time');
    expect(badTime.stderr).toContain('`blinkpost activity sent --help`');
    expect(noHuman.code).toBe(1);
    expect(noHuman.stderr).toContain("unknown option '--human'");
    expect(refused.code).toBe(2);
  });
});
