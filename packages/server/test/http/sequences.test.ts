import { beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { useTestServer } from '../support/test-server.js';
import { createSequence, expectOk, PREFIXES, recordActivity, type ActivityInput } from './api-fixtures.js';

// GET /sequences (legacy and v1), public-api.md §2: latest first, with counters that count
// every send, human opens and clicks only, and replies that are not auto-replies.

interface SequenceView {
  id: string;
  sequence_id: string;
  name: string;
  status: string;
  paused: boolean;
  archived: boolean;
  starred: boolean;
  created_at: string;
  last_modified: string;
  owned_by: string;
  sent: number;
  opens: number;
  clicks: number;
  replies: number;
}

describeEachDialect('GET /sequences', (dialect) => {
  const t = useTestServer(dialect);
  let first: string;
  let second: string;

  beforeAll(async () => {
    first = await createSequence(t(), t().admin, 'First');
    t().clock.advance(1_000);
    second = await createSequence(t(), t().admin, 'Second');
    const now = t().clock.now();
    const row = (kind: ActivityInput['kind'], more: Partial<ActivityInput> = {}): ActivityInput => ({
      kind,
      time: now,
      sequence_id: first,
      recipient_email: 'ann@example.com',
      ...more,
    });
    await recordActivity(t(), t().admin, [
      row('sent'),
      row('sent'),
      row('sent', { sequence_id: second }),
      row('open'),
      row('open', { machine: 1, machine_reason: 'apple-mpp' }),
      row('open', { machine: 1, machine_reason: 'gmail-proxy' }),
      row('click'),
      row('click'),
      row('click', { machine: 1, machine_reason: 'scanner' }),
      row('reply'),
      row('reply', { auto_reply: 1 }),
    ]);
  });

  it.each(PREFIXES)('%s/sequences lists them latest first with sequence_id equal to id', async (prefix) => {
    const body = expectOk<SequenceView[]>(await t().call(t().admin, 'GET', `${prefix}/sequences`));
    expect(body.count).toBe(2);
    expect(body.data.map((s) => s.name)).toEqual(['Second', 'First']);
    for (const s of body.data) expect(s.sequence_id).toBe(s.id);
    expect(body.data[1]).toMatchObject({
      id: first,
      status: 'draft',
      paused: true,
      archived: false,
      starred: false,
      owned_by: 'Acme',
      created_at: '2026-03-02T10:00:00.000Z',
      last_modified: '2026-03-02T10:00:00.000Z',
    });
  });

  it.each(PREFIXES)('%s/sequences counts sends, human opens and clicks, and real replies', async (prefix) => {
    const body = expectOk<SequenceView[]>(await t().call(t().admin, 'GET', `${prefix}/sequences`));
    const counters = (s: SequenceView | undefined) =>
      s && { sent: s.sent, opens: s.opens, clicks: s.clicks, replies: s.replies };
    expect(counters(body.data.find((s) => s.id === first))).toEqual({ sent: 2, opens: 1, clicks: 2, replies: 1 });
    expect(counters(body.data.find((s) => s.id === second))).toEqual({ sent: 1, opens: 0, clicks: 0, replies: 0 });
  });

  it('lets the id it lists be used as the activity filter', async () => {
    const seqs = expectOk<SequenceView[]>(await t().call(t().admin, 'GET', '/api/public/sequences')).data;
    const id = seqs.find((s) => s.name === 'First')?.sequence_id ?? '';
    const sent = expectOk<unknown[]>(await t().call(t().admin, 'GET', `/api/public/sent?sequence_id=${id}`));
    expect(sent.count).toBe(2);
  });
});
