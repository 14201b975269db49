import { BlinkpostClient } from '@blinkpost/sdk/browser';
import { createContext, use, useMemo, type ReactNode } from 'react';
import { can, type Capability } from './permissions.ts';
import type { Session } from './dashboard-api.ts';

/** Where the v1 API lives, on the origin that served the dashboard. */
export const API_BASE = '/api/public/v1.0.0';

interface SessionValue {
  session: Session;
  client: BlinkpostClient;
  can: (what: Capability) => boolean;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

/** Makes the signed-in session and its API client available to every page. */
export function SessionProvider(props: { session: Session; onSignOut: () => Promise<void>; children: ReactNode }) {
  const { session, onSignOut } = props;
  const value = useMemo<SessionValue>(
    () => ({
      session,
      client: new BlinkpostClient({ baseUrl: location.origin + API_BASE, csrfToken: session.csrf_token }),
      can: (what) => can(session.user.role, what),
      signOut: onSignOut,
    }),
    [session, onSignOut],
  );
  return <SessionContext value={value}>{props.children}</SessionContext>;
}

/** The signed-in session; only pages inside the app shell call it. */
export function useSession(): SessionValue {
  const value = use(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The API client of the signed-in session. */
export function useClient(): BlinkpostClient {
  return useSession().client;
}
