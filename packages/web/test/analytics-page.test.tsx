// @vitest-environment happy-dom
import type { MailboxStats } from '@blinkpost/contract';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { cleanUpPages, renderAsAdmin } from './page-fixture.tsx';
import AnalyticsPage from '../src/pages/analytics/analytics.page.tsx';

// A row of GET /analytics/mailbox-stats, with what the totals table shows.
const mailbox = (sender_id: string, email: string, sent: number): Partial<MailboxStats> => ({
  sender_id,
  email,
  status: 'active',
  sent,
  opens: 0,
  opens_machine: 0,
  clicks: 0,
  clicks_machine: 0,
  replies: 0,
  bounces: 0,
});
const MAILBOXES = [mailbox('s_ann', 'ann@acme.example', 3), mailbox('s_bob', 'bob@acme.example', 2)];

/**
 * The v1 API as the page calls it, keeping the query of each daily request. Its days are none: happy-dom
 * draws no canvas for uPlot, so what the charts are of is read from the requests that feed them.
 */
function fakeApi() {
  const dailyQueries: URLSearchParams[] = [];
  vi.stubGlobal('fetch', async (input: URL | string) => {
    const url = new URL(String(input));
    const ok = (data: unknown) => Response.json({ success: true, data });
    if (url.pathname.endsWith('/analytics/mailbox-stats')) return ok(MAILBOXES);
    if (url.pathname.endsWith('/sequences')) return ok([]);
    if (url.pathname.endsWith('/analytics/daily')) {
      dailyQueries.push(url.searchParams);
      return Response.json({ success: true, data: [], count: 0, timezone: 'UTC' });
    }
    return Response.json({ success: false, message: 'not found' }, { status: 404 });
  });
  return { dailyQueries };
}

cleanUpPages();

describe('the analytics page', () => {
  it("asks for one mailbox's days when it is chosen, and keeps the totals of every mailbox", async () => {
    const api = fakeApi();
    renderAsAdmin(<AnalyticsPage />);
    const select = screen.getByTestId('analytics-mailbox');
    await within(select).findByRole('option', { name: 'bob@acme.example' });
    expect(
      within(select)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['all mailboxes', 'ann@acme.example', 'bob@acme.example']);
    const lastDaily = () => Object.fromEntries(api.dailyQueries.at(-1) ?? []);
    await waitFor(() => expect(api.dailyQueries).toHaveLength(1));
    expect(lastDaily()).not.toHaveProperty('sender');

    await userEvent.selectOptions(select, 'bob@acme.example');
    await waitFor(() => expect(lastDaily()).toMatchObject({ sender: 's_bob' }));

    const totals = within(screen.getByTestId('mailbox-stats'));
    expect(totals.getAllByRole('row').map((r) => r.textContent)).toEqual([
      'MailboxSentOpensMachine opensClicksMachine clicksRepliesBounces',
      'ann@acme.example3000000',
      'bob@acme.example2000000',
    ]);

    await userEvent.selectOptions(select, 'all mailboxes');
    await waitFor(() => expect(api.dailyQueries).toHaveLength(3));
    expect(lastDaily()).not.toHaveProperty('sender');
  });
});
