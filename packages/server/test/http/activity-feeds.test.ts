import type { ActivityRecord } from '@blinkpost/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { useTestServer } from '../support/test-server.js';
import { createSequence, expectError, feed, PREFIXES, recordActivity, type ActivityInput } from './api-fixtures.js';

// GET /sent /opens /clicks /replies (legacy and v1), public-api.md §2 "activity".

const BASE = Date.parse('2026-03-01T00:00:00Z');
const MIN = 60_000;
const COMMON = [
  'id',
  'time',
  'message',
  'type',
  'sequence',
  'sequence_name',
  'email',
  'template_name',
  'sequence_id',
  'recipient_email_address',
  'subject',
  'step',
  'sender',
  'message_id',
];
const FEEDS = {
  sent: { message: 'Sent', extra: [] },
  opens: { message: 'Opened', extra: ['machine', 'machine_reason'] },
  clicks: { message: 'Clicked', extra: ['machine', 'machine_reason', 'url'] },
  replies: { message: 'Replied', extra: ['snippet', 'auto_reply', 'reply_message_id'] },
} as const;

const times = (records: ActivityRecord[]) => records.map((r) => r.time);

describeEachDialect('activity feeds', (dialect) => {
  const t = useTestServer(dialect);
  let launch: string;
  let followUp: string;

  beforeAll(async () => {
    launch = await createSequence(t(), t().admin, 'Launch');
    followUp = await createSequence(t(), t().admin, 'Follow-up');
    const row = (
      kind: ActivityInput['kind'],
      minute: number,
      seq: string,
      to: string,
      more: Partial<ActivityInput> = {},
    ) => ({
      kind,
      time: BASE + minute * MIN,
      sequence_id: seq,
      recipient_email: to,
      subject: 'Quick question',
      step: 1,
      template_name: 'Intro',
      sender_email: 'me@acme.example',
      message_id: `<m${minute}@acme.example>`,
      ...more,
    });
    // Inserted out of time order, so "latest first" cannot come from insertion order.
    await recordActivity(t(), t().admin, [
      row('sent', 2, launch, 'bob@example.com'),
      row('sent', 0, launch, 'Ann@Example.com'),
      row('sent', 4, followUp, 'ann@example.com', { step: 2 }),
      row('sent', 1, launch, 'ann@example.com'),
      row('sent', 3, followUp, 'cy@example.com'),
      row('open', 10, launch, 'ann@example.com'),
      row('open', 11, launch, 'ann@example.com', { machine: 1, machine_reason: 'apple-mpp' }),
      row('open', 12, followUp, 'bob@example.com'),
      row('click', 20, launch, 'ann@example.com', { url: 'https://acme.example/a' }),
      row('click', 21, followUp, 'bob@example.com', {
        url: 'https://acme.example/b',
        machine: 1,
        machine_reason: 'scanner',
      }),
      row('reply', 30, launch, 'ann@example.com', { snippet: 'Sounds good', reply_message_id: '<r1@example.com>' }),
      row('reply', 31, followUp, 'bob@example.com', { snippet: 'Out of office', auto_reply: 1 }),
    ]);
  });

  describe.each(PREFIXES)('%s', (prefix) => {
    const get = (path: string) => feed(t(), t().admin, `${prefix}${path}`);

    it('answers every sent record, latest first, with its count', async () => {
      const body = await get('/sent');
      expect(times(body.data)).toEqual([4, 3, 2, 1, 0].map((m) => BASE + m * MIN));
      expect(body.count).toBe(5);
    });

    it.each(Object.entries(FEEDS))('gives /%s records the fields of its kind, with their types', async (name, spec) => {
      const body = await get(`/${name}`);
      expect(body.data.length).toBeGreaterThan(0);
      for (const r of body.data) {
        expect(Object.keys(r).sort()).toEqual([...COMMON, ...spec.extra].sort());
        expect(r).toMatchObject({
          message: spec.message,
          type: 'outreach',
          template_name: 'Intro',
          subject: 'Quick question',
        });
        expect(Number.isInteger(r.time) && r.time >= BASE).toBe(true);
        expect(r.sequence).toBe(r.sequence_id);
        expect(r.email).toBe(r.recipient_email_address);
        expect(r.sequence_name).toBe(r.sequence_id === launch ? 'Launch' : 'Follow-up');
        expect(r).toMatchObject({ step: expect.any(Number) as number, sender: 'me@acme.example' });
        expect(r.message_id).toMatch(/^<m\d+@acme\.example>$/);
      }
    });

    it('flags machine opens and clicks, and leaves them out with ?human=true', async () => {
      const opens = await get('/opens');
      expect(opens.data.map((r) => [r.machine, r.machine_reason])).toEqual([
        [false, ''],
        [true, 'apple-mpp'],
        [false, ''],
      ]);
      expect((await get('/opens?human=true')).data.map((r) => r.machine)).toEqual([false, false]);
      expect((await get('/opens?human=true&page=1&per_page=10')).count).toBe(2);
      const clicks = await get('/clicks');
      expect(clicks.data.map((r) => [r.url, r.machine])).toEqual([
        ['https://acme.example/b', true],
        ['https://acme.example/a', false],
      ]);
      expect((await get('/clicks?human=true')).data.map((r) => r.url)).toEqual(['https://acme.example/a']);
    });

    it('gives replies their snippet, auto-reply flag and message id', async () => {
      const replies = await get('/replies');
      expect(replies.data.map((r) => [r.snippet, r.auto_reply, r.reply_message_id])).toEqual([
        ['Out of office', true, ''],
        ['Sounds good', false, '<r1@example.com>'],
      ]);
    });

    it('filters by sequence_id and by recipient_email_address, case-insensitively', async () => {
      const bySequence = await get(`/sent?sequence_id=${followUp}`);
      expect(bySequence.data.map((r) => r.recipient_email_address)).toEqual(['ann@example.com', 'cy@example.com']);
      const byRecipient = await get('/sent?recipient_email_address=ANN%40example.COM');
      expect(times(byRecipient.data)).toEqual([4, 1, 0].map((m) => BASE + m * MIN));
      const both = await get(`/sent?sequence_id=${launch}&recipient_email_address=ann@example.com`);
      expect(times(both.data)).toEqual([1, 0].map((m) => BASE + m * MIN));
      expect((await get('/sent?recipient_email_address=nobody@example.com')).data).toEqual([]);
      expect((await get('/sent?sequence_id=00000000-0000-7000-8000-000000000000')).data).toEqual([]);
    });

    it('filters by since, from and to, in milliseconds or ISO-8601, both ends inclusive', async () => {
      const minutes = async (q: string) => times((await get(`/sent?${q}`)).data).map((ms) => (ms - BASE) / MIN);
      expect(await minutes(`since=${BASE + 2 * MIN}`)).toEqual([4, 3, 2]);
      expect(await minutes(`from=${BASE + 1 * MIN}&to=${BASE + 3 * MIN}`)).toEqual([3, 2, 1]);
      expect(await minutes('since=2026-03-01T00:03:00Z')).toEqual([4, 3]);
      expect(await minutes('from=2026-03-01T00:01:00.000Z&to=2026-03-01T00:02:00.000Z')).toEqual([2, 1]);
      expect(await minutes(`to=${BASE}`)).toEqual([0]);
      expect(await minutes(`since=${BASE + 10 * MIN}`)).toEqual([]);
      expectError(await t().call(t().admin, 'GET', `${prefix}/sent?to=soon`), 400, 'invalid_request');
    });

    it('pages with page (1-based) and per_page', async () => {
      const page = async (q: string) => {
        const body = await get(`/sent?${q}`);
        return {
          minutes: times(body.data).map((ms) => (ms - BASE) / MIN),
          page: body.page,
          per_page: body.per_page,
          count: body.count,
        };
      };
      expect(await page('page=1&per_page=2')).toEqual({ minutes: [4, 3], page: 1, per_page: 2, count: 2 });
      expect(await page('page=2&per_page=2')).toEqual({ minutes: [2, 1], page: 2, per_page: 2, count: 2 });
      expect(await page('page=3&per_page=2')).toEqual({ minutes: [0], page: 3, per_page: 2, count: 1 });
      expect(await page('page=4&per_page=2')).toEqual({ minutes: [], page: 4, per_page: 2, count: 0 });
      expect(await page('per_page=3')).toEqual({ minutes: [4, 3, 2], page: 1, per_page: 3, count: 3 });
      expect(await page('page=1')).toMatchObject({ per_page: 100, count: 5 });
    });

    it('clamps per_page over 1,000 and says so in message', async () => {
      const body = await get('/sent?page=1&per_page=5000');
      expect(body).toMatchObject({ per_page: 1000, count: 5, message: 'per_page was clamped to 1000' });
      expect((await get('/sent?page=1&per_page=1000')).message).toBeUndefined();
    });
  });
});

describeEachDialect('activity feeds without paging return every record', (dialect) => {
  const t = useTestServer(dialect);
  const TOTAL = 2_500;

  beforeAll(async () => {
    const seq = await createSequence(t(), t().admin, 'Bulk');
    // Three records share each millisecond, so ties on time straddle the 1,000-record batches.
    const rows: ActivityInput[] = Array.from({ length: TOTAL }, (_, i) => ({
      kind: 'sent',
      time: BASE + Math.floor(i / 3),
      sequence_id: seq,
      recipient_email: `lead${i}@example.com`,
    }));
    await recordActivity(t(), t().admin, rows);
  });

  it.each(PREFIXES)('%s/sent streams all 2,500 records as one JSON body, latest first', async (prefix) => {
    const res = await t().call(t().admin, 'GET', `${prefix}/sent`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = res.json<{ success: boolean; data: ActivityRecord[]; count: number }>();
    expect(body.success).toBe(true);
    expect(body.count).toBe(TOTAL);
    expect(body.data).toHaveLength(TOTAL);
    expect(new Set(body.data.map((r) => r.id)).size).toBe(TOTAL);
    const sorted = [...body.data].sort((a, b) => b.time - a.time || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
    expect(body.data.map((r) => r.id)).toEqual(sorted.map((r) => r.id));

    const pages: ActivityRecord[] = [];
    for (let page = 1; page <= 3; page += 1)
      pages.push(...(await feed(t(), t().admin, `${prefix}/sent?page=${page}&per_page=1000`)).data);
    expect(pages.map((r) => r.id)).toEqual(body.data.map((r) => r.id));
  });

  it('streams an empty feed as a valid body with count 0', async () => {
    expect(await feed(t(), t().admin, '/api/public/replies')).toEqual({ success: true, data: [], count: 0 });
  });
});
