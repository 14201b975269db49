// @vitest-environment happy-dom
import type { SessionInfo } from '@blinkpost/contract';
import { act, cleanup, render, screen } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SessionProvider } from '../src/app/session.tsx';
import { AppShell } from '../src/app/shell.tsx';

const sessionAs = (role: SessionInfo['user']['role']): SessionInfo => ({
  user: { id: 'u1', email: 'pat@example.com', name: 'Pat', role },
  workspace: { id: 'w1', name: 'Acme' },
  csrf_token: 'csrf',
});

function renderShellAs(role: SessionInfo['user']['role']) {
  render(
    <SessionProvider session={sessionAs(role)} onSignOut={async () => {}}>
      <MemoryRouter initialEntries={['/lists']}>
        <Routes>
          <Route element={<AppShell />}>
            <Route path="lists" element={<h1>Lists</h1>} />
          </Route>
        </Routes>
      </MemoryRouter>
    </SessionProvider>,
  );
  return screen.getByRole('navigation', { name: 'Main' });
}

// The shell asks the server whether it captures mail; this answers as `serve` would, with or without --dev-mailbox.
let devMailbox = false;
let statusAsked = 0;
beforeEach(() => {
  devMailbox = false;
  statusAsked = 0;
  vi.stubGlobal('fetch', async (url: string) => {
    if (!String(url).endsWith('/api/dev-mailbox')) return new Response('{}', { status: 404 });
    statusAsked++;
    return Response.json({ enabled: devMailbox, sender_id: null, smtp_host: null, smtp_port: null });
  });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('the app shell', () => {
  it.each([
    ['admin', true],
    ['developer', true],
    ['user', false],
    ['client', false],
  ] as const)('shows API keys in the navigation to a %s: %s', (role, shown) => {
    const nav = renderShellAs(role);
    expect(nav.textContent).toContain('Sequences');
    expect(screen.queryByRole('link', { name: 'API keys' }) !== null).toBe(shown);
  });

  it('names the user, the workspace and the role, and marks the current page', () => {
    renderShellAs('user');
    expect(screen.getByTestId('current-user').textContent).toBe('Pat · Acme · user');
    expect(screen.getByRole('link', { name: 'Lists' }).getAttribute('aria-current')).toBe('page');
  });

  it('links the dev mailbox only when the server captures mail', async () => {
    renderShellAs('user');
    // Let the status answer arrive and be applied (a macrotask runs after every pending promise), so
    // the absence below is the shell's answer to `enabled: false`, not a look before the answer came.
    await act(() => new Promise((resolve) => setTimeout(resolve, 0)));
    expect(statusAsked).toBe(1);
    expect(screen.queryByRole('link', { name: 'Dev mailbox' })).toBeNull();
    cleanup();
    devMailbox = true;
    renderShellAs('user');
    expect(await screen.findByRole('link', { name: 'Dev mailbox' })).toBeTruthy();
  });
});
