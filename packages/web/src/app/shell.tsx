import { useEffect, useState } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { ErrorMessage } from '../ui/error-message.tsx';
import { devMailboxStatus } from './dashboard-api.ts';
import { useSession } from './session.tsx';

const LINKS: { to: string; label: string; admin?: boolean }[] = [
  { to: '/sequences', label: 'Sequences' },
  { to: '/lists', label: 'Lists' },
  { to: '/templates', label: 'Templates' },
  { to: '/senders', label: 'Senders' },
  { to: '/inbox', label: 'Inbox' },
  { to: '/analytics', label: 'Analytics' },
  { to: '/activity', label: 'Activity' },
  { to: '/blocklist', label: 'Blocklist' },
  { to: '/webhooks', label: 'Webhooks' },
  { to: '/settings/api-keys', label: 'API keys', admin: true },
];

/** Whether the server captures mail instead of sending it (`serve --dev-mailbox`). */
function useDevMailboxEnabled(): boolean {
  const [enabled, setEnabled] = useState(false);
  useEffect(() => {
    devMailboxStatus().then(
      (s) => setEnabled(s.enabled),
      () => setEnabled(false),
    );
  }, []);
  return enabled;
}

/** Navigation, the signed-in user and sign-out around the current page. */
export function AppShell() {
  const { session, can, signOut } = useSession();
  const devMailbox = useDevMailboxEnabled();
  const [menuOpen, setMenuOpen] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const location = useLocation();
  useEffect(() => setMenuOpen(false), [location.pathname]);
  const links = LINKS.filter((l) => !l.admin || can('manage-keys'));
  if (devMailbox) links.push({ to: '/dev-mailbox', label: 'Dev mailbox' });
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">Blinkpost</span>
        <button
          type="button"
          className="menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="main-nav"
          onClick={() => setMenuOpen((o) => !o)}
        >
          Menu
        </button>
        <span className="who" data-testid="current-user">
          {session.user.name || session.user.email} · {session.workspace.name} · {session.user.role}
        </span>
        <button type="button" data-testid="sign-out" onClick={() => void signOut().catch(setError)}>
          Sign out
        </button>
      </header>
      <nav id="main-nav" className={menuOpen ? 'nav open' : 'nav'} aria-label="Main">
        <ul>
          {links.map((l) => (
            <li key={l.to}>
              <NavLink to={l.to} data-testid={`nav-${l.to.split('/').pop()}`}>
                {l.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="content" tabIndex={-1}>
        <ErrorMessage error={error} />
        <Outlet />
      </main>
    </div>
  );
}
