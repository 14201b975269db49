import { expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { LEADS, useCompatSeed } from './compat-fixture.js';
import { expectAnswer } from './salesblink-client.js';
import { activity, envelope, totals } from './salesblink-shapes.js';
import { anything, arrayOf, count, either, obj, str } from './shape.js';

// v1-reference §4.7 (activity feeds: per_page + 1-based page), §4.8 (analytics) and §4.9 (reports:
// skip is a 0-based page number), called as the SalesBlink CLI calls them.

const FAR = Date.parse('2030-01-01');

describeEachDialect('SalesBlink compatibility: feeds, analytics and reports (§4.7–§4.9)', (dialect) => {
  const seed = useCompatSeed(dialect);

  it('GET /sent paged by per_page and page until an empty page, as clients loop', async () => {
    const { call, sequenceId } = seed();
    const emails: string[] = [];
    for (let page = 1; page < 10; page++) {
      const q = { per_page: 2, page, sequence_id: sequenceId, since: 0, owned_by: undefined };
      const body = expectAnswer<{ data: { email: string }[]; page: number; per_page: number }>(
        await call('GET', '/sent', { query: q }),
        200,
        envelope(arrayOf(activity(false)), { page: count, per_page: count, count }),
      );
      expect([body.page, body.per_page]).toEqual([page, 2]);
      if (body.data.length === 0) break;
      emails.push(...body.data.map((r) => r.email));
    }
    expect(emails.sort()).toEqual([...LEADS]);
  });

  it.each([
    ['/sent', false, LEADS.length],
    ['/opens', false, 0],
    ['/clicks', true, 0],
    ['/replies', true, 1],
  ])('GET %s with the CLI’s filters answers typed records', async (path, withTemplate, n) => {
    const { call, sequenceId } = seed();
    const q = { per_page: 100, page: 1, sequence_id: sequenceId, from: 0, to: FAR };
    const body = expectAnswer<{ data: { message: string }[] }>(
      await call('GET', path, { query: q }),
      200,
      envelope(arrayOf(activity(withTemplate))),
    );
    expect(body.data).toHaveLength(n);
    const one = await call('GET', path, { query: { recipient_email_address: LEADS[0].toUpperCase() } });
    expect(expectAnswer<{ data: unknown[] }>(one, 200, envelope(arrayOf(activity(withTemplate)))).data).toHaveLength(
      n === 0 ? 0 : 1,
    );
  });

  it('GET /analytics/overall and /analytics/daily answer numbers for sent, opens, clicks, replies, bounces, unsubscribes', async () => {
    const { call } = seed();
    const overall = expectAnswer<{ data: { sent: number; replies: number } }>(
      await call('GET', '/analytics/overall', { query: { from: 0, to: FAR } }),
      200,
      envelope(totals),
    );
    expect(overall.data).toMatchObject({ sent: LEADS.length, replies: 1 });
    const q = { from: Date.parse('2026-03-01T00:00:00Z'), to: Date.parse('2026-03-03T23:59:59Z'), timezone: 'UTC' };
    const daily = expectAnswer<{ data: unknown }>(
      await call('GET', '/analytics/daily', { query: q }),
      200,
      envelope(either(arrayOf(totals), obj({ days: arrayOf(obj({ date: str })) }))),
    );
    expect(JSON.stringify(daily.data)).toContain('2026-03-02');
  });

  it('GET /analytics/lead-stats and /analytics/mailbox-stats page with limit and skip', async () => {
    const { call } = seed();
    const leads = expectAnswer<{ data: unknown[] }>(
      await call('GET', '/analytics/lead-stats', { query: { from: 0, to: FAR, limit: 2, skip: 1 } }),
      200,
      envelope(arrayOf(totals), { total: count }),
    );
    expect(leads.data).toHaveLength(2);
    const boxes = expectAnswer<{ data: { sent: number }[] }>(
      await call('GET', '/analytics/mailbox-stats', { query: { from: 0, to: FAR, limit: 100, skip: 0 } }),
      200,
      envelope(arrayOf(totals), { total: count }),
    );
    expect(boxes.data.map((b) => b.sent)).toEqual([LEADS.length]);
  });

  it('GET /reports: skip is a 0-based page number; filters by the CLI’s names', async () => {
    const { call, sequenceId, senderId, templateId } = seed();
    const q = { limit: 2, from: 0, to: FAR, type: 'outreach', sequence: sequenceId, message: 'Sent', sortType: 'asc' };
    const pages: number[] = [];
    for (const skip of [0, 1, 2]) {
      const res = await call('GET', '/reports', { query: { ...q, skip, sender: senderId, node: templateId } });
      pages.push(expectAnswer<{ data: unknown[] }>(res, 200, envelope(arrayOf(activity(false)))).data.length);
    }
    expect(pages).toEqual([2, 1, 0]);
    const byEmail = await call('GET', '/reports', { query: { email: LEADS[0], sortBy: 'time', owned_by: 'Acme' } });
    const records = expectAnswer<{ data: { message: string }[] }>(byEmail, 200, envelope(arrayOf(anything))).data;
    expect(records.map((r) => r.message).sort()).toEqual(['Replied', 'Sent']);
  });
});
