import { beforeAll, expect, it } from 'vitest';
import type {
  ActivityRecord,
  DailyAnalyticsDay,
  LeadStats,
  OverallAnalytics,
  SequenceStats,
} from '@blinkpost/contract';
import type { AnalyticsPage } from '@blinkpost/sdk';
import { seedWorkspace, type Seeded } from '../../server/test/analytics/analytics-fixture.js';
import { describeEachDialect } from '../../server/test/support/dialects.js';
import type { TestServer } from '../../server/test/support/test-server.js';
import { ensureBuilt } from './support/cli.js';
import { json, useRemoteCli } from './support/remote.js';

beforeAll(() => ensureBuilt());

describeEachDialect('blinkpost analytics against a running server', (dialect) => {
  let t: TestServer;
  let seeded: Seeded;
  const remote = useRemoteCli(dialect, ['analytics']);
  const cli = remote.cli;

  beforeAll(async () => {
    t = remote.server();
    seeded = await seedWorkspace(t, t.admin);
  });

  it('prints overall, daily, per-lead, per-mailbox, sequence and report numbers', { timeout: 120_000 }, async () => {
    const [overall, withMachines, daily, bobDaily, leads, mailboxes, sequence, reports] = await Promise.all([
      cli('overall'),
      cli('overall', '--include-machine', '--sequence', seeded.launch),
      cli('daily', '--from', '2026-03-05', '--to', '2026-03-06', '--timezone', 'America/New_York'),
      cli('daily', '--from', '2026-03-05', '--to', '2026-03-06', '--sender', seeded.bob, '--format', 'table'),
      cli('lead-stats', '--limit', '2'),
      cli('mailboxes', '--format', 'table'),
      cli('sequence', seeded.launch, '--sender', 'bob@acme.example'),
      cli('reports', '--message', 'Replied', '--oldest-first'),
    ]);
    expect(json<OverallAnalytics>(overall)).toMatchObject({
      sent: 4,
      opens: 2,
      opens_machine: 2,
      bounces: 2,
      open_rate: 50,
    });
    expect(json<OverallAnalytics>(withMachines)).toMatchObject({ human: false, sent: 3, opens: 3, opens_machine: 2 });
    const days = json<{ timezone: string; days: DailyAnalyticsDay[] }>(daily);
    expect(days.timezone).toBe('America/New_York');
    expect(days.days.map((d) => [d.date, d.sent])).toEqual([
      ['2026-03-05', 3],
      ['2026-03-06', 1],
    ]);
    expect(bobDaily.code).toBe(0);
    expect(bobDaily.stdout).toContain(`Days in UTC, mail of ${seeded.bob}.`);
    expect(bobDaily.stdout).toMatch(/2026-03-05 +1 +0 +0 +0 +0 +0 +0 +0/);
    expect(bobDaily.stdout).toMatch(/2026-03-06 +1 +1 +0 +0 +0 +0 +0 +0 +100/);
    const page = json<AnalyticsPage<LeadStats>>(leads);
    expect(page).toMatchObject({ total: 5, limit: 2 });
    expect(page.data.map((l) => l.email)).toEqual(['w@lead.test', 'x@lead.test']);
    expect(mailboxes.code).toBe(0);
    expect(mailboxes.stdout).toMatch(/^ID +EMAIL +STATUS +SENT +OPENS +MACHINE OPENS +CLICKS/);
    expect(mailboxes.stdout).toMatch(/ann@acme\.example +active +2 +1 +2 +1/);
    expect(mailboxes.stdout).toContain('2 of 2. Opens and clicks are people only');
    expect(json<SequenceStats>(sequence)).toMatchObject({ sender: 'bob@acme.example', sent: 1, auto_replies: 1 });
    const replied = json<AnalyticsPage<ActivityRecord>>(reports);
    expect(replied.data.map((r) => r.email)).toEqual(['x@lead.test', 'z@lead.test']);
  });

  it('says what is wrong and exits 1 for a bad zone, 3 for an unknown sequence or sender', async () => {
    const [zone, missing, message, sender] = await Promise.all([
      cli('daily', '--timezone', 'Moon/Base'),
      cli('overall', '--sequence', 'no-such-sequence'),
      cli('reports', '--message', 'Delivered'),
      cli('daily', '--sender', 'nobody@acme.example'),
    ]);
    expect(zone.code).toBe(1);
    expect(zone.stderr).toContain('timezone must be an IANA time zone');
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('no-such-sequence');
    expect(message.code).toBe(1);
    expect(message.stderr).toContain('Delivered');
    expect(sender.code).toBe(3);
    expect(sender.stderr).toContain('sender "nobody@acme.example" was not found');
  });
});
