import type { LeadStats, MailboxStats } from '@blinkpost/contract';
import { beforeAll, expect, it } from 'vitest';
import { createList, expectError, expectOk } from '../http/api-fixtures.js';
import { describeEachDialect } from '../support/dialects.js';
import { useTestServer } from '../support/test-server.js';
import { createSender, DAY, getOk, MIN, seedWorkspace, T0, V1, ZERO, type Seeded } from './analytics-fixture.js';

// GET /analytics/lead-stats and /analytics/mailbox-stats (v1 §4.8): `limit` (default 100) and `skip`.

interface Page<T> {
  data: T[];
  count: number;
  total: number;
  skip: number;
  limit: number;
  message?: string;
}

describeEachDialect('analytics: per lead and per mailbox', (dialect) => {
  const t = useTestServer(dialect);
  let seeded: Seeded;
  let leadX: string;

  beforeAll(async () => {
    seeded = await seedWorkspace(t(), t().admin);
    const list = await createList(t(), t().admin);
    const added = expectOk<{ contacts: { id: string; Email: string }[] }>(
      await t().call(t().admin, 'POST', `${V1}/contacts`, { list_id: list, contacts: [{ Email: 'X@lead.test' }] }),
    );
    leadX = added.data.contacts[0]!.id;
    await t().server.store.leads.setStatusByEmail(t().admin.principal.workspaceId, 'x@lead.test', 'replied', T0);
  });

  const page = async <T>(path: string) => (await getOk<T[]>(t(), t().admin, path)) as unknown as Page<T>;

  it('lists recipients with activity, latest first, each with its counts and its lead', async () => {
    const body = await page<LeadStats>('/analytics/lead-stats');
    expect(body).toMatchObject({ count: 5, total: 5, skip: 0, limit: 100 });
    expect(body.data.map((r) => r.email)).toEqual([
      'w@lead.test',
      'x@lead.test',
      'y@lead.test',
      'z@lead.test',
      'v@lead.test',
    ]);
    const [w, x, y, z, v] = body.data;
    expect(x).toMatchObject({
      lead_id: leadX,
      status: 'replied',
      last_activity_at: T0 + 50 * MIN,
      sent: 1,
      opens: 1,
      opens_machine: 1,
      clicks: 1,
      replies: 1,
      unsubscribes: 1,
      open_rate: 100,
    });
    expect(y).toMatchObject({
      lead_id: '',
      status: '',
      sent: 1,
      opens: 0,
      opens_machine: 1,
      clicks_machine: 1,
      bounces: 1,
    });
    expect(z).toMatchObject({ sent: 1, auto_replies: 1, replies: 0 });
    expect(v).toMatchObject({ sent: 0, bounces: 1, bounce_rate: 100, open_rate: 0 });
    expect(w).toMatchObject({ sent: 1, opens: 1, soft_bounces: 1, last_activity_at: T0 + DAY + 10 * MIN });
  });

  it('pages, narrows to a range or a sequence, and clamps a large limit', async () => {
    const second = await page<LeadStats>('/analytics/lead-stats?limit=2&skip=2');
    expect(second).toMatchObject({ count: 2, total: 5, skip: 2, limit: 2 });
    expect(second.data.map((r) => r.email)).toEqual(['y@lead.test', 'z@lead.test']);

    const dayTwo = await page<LeadStats>(`/analytics/lead-stats?from=${T0 + DAY}`);
    expect(dayTwo.data.map((r) => r.email)).toEqual(['w@lead.test']);

    const followUp = await page<LeadStats>(`/analytics/lead-stats?sequence_id=${seeded.followUp}&human=false`);
    expect(followUp.data).toEqual([expect.objectContaining({ email: 'w@lead.test', opens: 1 })]);

    const clamped = await page<LeadStats>('/analytics/lead-stats?limit=5000');
    expect(clamped).toMatchObject({ limit: 100, message: 'limit was clamped to 100' });

    const none = await page<LeadStats>(`/analytics/lead-stats?to=${T0 - 1}`);
    expect(none).toMatchObject({ data: [], count: 0, total: 0 });
  });

  it('lists every sender, latest created first, idle ones with zeros', async () => {
    const idle = await createSender(t(), t().admin, 'idle@acme.example', T0);
    const body = await page<MailboxStats>('/analytics/mailbox-stats');
    expect(body).toMatchObject({ count: 3, total: 3 });
    expect(body.data.map((s) => s.sender_id)).toEqual([idle, seeded.bob, seeded.ann]);
    const [quiet, bob, ann] = body.data;
    expect(quiet).toEqual({
      ...ZERO,
      sender_id: idle,
      email: 'idle@acme.example',
      from_name: 'idle',
      status: 'active',
    });
    expect(ann).toMatchObject({
      email: 'ann@acme.example',
      from_name: 'ann',
      status: 'active',
      sent: 2,
      opens: 1,
      opens_machine: 2,
      clicks: 1,
      clicks_machine: 1,
      replies: 1,
      bounces: 2,
      unsubscribes: 1,
      bounce_rate: 66.67,
    });
    expect(bob).toMatchObject({ sent: 2, opens: 1, auto_replies: 1, soft_bounces: 1, bounces: 0, unsubscribes: 0 });
    await t().server.store.db.kysely.deleteFrom('senders').where('id', '=', idle).execute();

    const early = await page<MailboxStats>(`/analytics/mailbox-stats?to=${T0 + 5 * MIN}&limit=1&skip=1`);
    expect(early).toMatchObject({ count: 1, total: 2, skip: 1, limit: 1 });
    expect(early.data[0]).toMatchObject({ sender_id: seeded.ann, sent: 2, bounces: 1, opens: 0 });
  });

  it("answers 404 for another workspace's sequence and 400 for a bad limit", async () => {
    const other = await t().key('Other');
    const theirs = await t().server.store.sequences.create(
      { workspaceId: other.principal.workspaceId, name: 'T', ownedBy: 'Other' },
      T0,
    );
    for (const path of ['lead-stats', 'mailbox-stats']) {
      expectError(
        await t().call(t().admin, 'GET', `${V1}/analytics/${path}?sequence_id=${theirs.id}`),
        404,
        'not_found',
      );
      const bad = expectError(
        await t().call(t().admin, 'GET', `${V1}/analytics/${path}?limit=0`),
        400,
        'invalid_request',
      );
      expect(bad.message).toContain('limit');
    }
    // Their senders and leads are not ours.
    const mine = await page<MailboxStats>('/analytics/mailbox-stats');
    expect(mine.total).toBe(2);
  });
});
