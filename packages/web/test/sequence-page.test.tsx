// @vitest-environment happy-dom
import type { SequenceDetail } from '@blinkpost/contract';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { cleanUpPages, renderAsAdmin } from './page-fixture.tsx';
import SequencePage from '../src/pages/sequences/sequence.page.tsx';

const detail = (status: string): SequenceDetail => ({
  id: 'seq1',
  sequence_id: 'seq1',
  name: 'Intro',
  status,
  paused: status !== 'running',
  archived: false,
  starred: false,
  created_at: '2026-11-26T10:00:00.000Z',
  last_modified: '2026-11-26T10:00:00.000Z',
  owned_by: 'pat@example.com',
  sent: 0,
  opens: 0,
  clicks: 0,
  replies: 0,
  senders: 's1',
  lists: ['l1'],
  steps: [{ type: 'email', subject: 'Hi', content: '<p>Hi</p>' }] as SequenceDetail['steps'],
  flowchart: { steps: [] },
  lead_count: 3,
  status_reason: '',
  launched_at: '',
});

/** The v1 API as the page calls it, counting the forecast and stats reads. */
function fakeApi() {
  const reads = { forecast: 0, stats: 0 };
  let status = 'running';
  vi.stubGlobal('fetch', async (input: URL | string, init?: RequestInit) => {
    const url = new URL(String(input));
    const ok = (data: unknown) => Response.json({ success: true, data });
    const path = url.pathname;
    if (path.endsWith('/sequences/seq1/forecast')) {
      reads.forecast += 1;
      return ok({ summary: `forecast ${reads.forecast}`, senders: [], held_back: {}, held_reasons: [] });
    }
    if (path.endsWith('/sequences/seq1/stats')) {
      reads.stats += 1;
      return ok({ steps: [], messages: {}, leads: {} });
    }
    if (path.endsWith('/sequences/seq1/status') && init?.method === 'POST') {
      status = 'paused';
      return ok(detail(status));
    }
    if (path.endsWith('/sequences/seq1')) return ok(detail(status));
    if (/\/(senders|lists|templates)$/.test(path)) return ok([]);
    return Response.json({ success: false, message: 'not found' }, { status: 404 });
  });
  return reads;
}

cleanUpPages();

describe('the sequence page', () => {
  it('reads the forecast and step numbers once when it opens, and once more after pausing', async () => {
    const reads = fakeApi();
    renderAsAdmin(
      <MemoryRouter initialEntries={['/sequences/seq1']}>
        <Routes>
          <Route path="/sequences/:id" element={<SequencePage />} />
        </Routes>
      </MemoryRouter>,
    );
    expect(await screen.findByTestId('forecast-summary')).toHaveProperty('textContent', 'forecast 1');
    // Let any second mount's reads land before counting.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(reads).toEqual({ forecast: 1, stats: 1 });

    await userEvent.click(screen.getByTestId('sequence-pause'));
    await waitFor(() => expect(screen.getByTestId('forecast-summary').textContent).toBe('forecast 2'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(reads).toEqual({ forecast: 2, stats: 2 });
  });
});
