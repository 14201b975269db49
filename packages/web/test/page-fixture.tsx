import type { SessionInfo } from '@blinkpost/contract';
import { cleanup, render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, vi } from 'vitest';
import { SessionProvider } from '../src/app/session.tsx';

/** An admin signed in to one workspace. */
export const ADMIN_SESSION: SessionInfo = {
  user: { id: 'u1', email: 'pat@example.com', name: 'Pat', role: 'admin' },
  workspace: { id: 'w1', name: 'Acme' },
  csrf_token: 'csrf',
};

/** Renders a page as the signed-in admin sees it. */
export const renderAsAdmin = (page: ReactNode) =>
  render(
    <SessionProvider session={ADMIN_SESSION} onSignOut={async () => {}}>
      {page}
    </SessionProvider>,
  );

/** Unmounts the page and takes back the faked `fetch` after each test of a page file. */
export function cleanUpPages(): void {
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });
}
