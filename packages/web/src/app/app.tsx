import { useCallback, useEffect, useState } from 'react';
import { ErrorMessage } from '../ui/error-message.tsx';
import { SignInPage } from '../pages/sign-in.page.tsx';
import { AppRoutes } from './routes.tsx';
import { SessionProvider } from './session.tsx';
import { currentSession, signOut, type Session } from './dashboard-api.ts';

type State = { kind: 'loading' } | { kind: 'signed-out'; error?: unknown } | { kind: 'signed-in'; session: Session };

/** Asks the server who is signed in, then shows the sign-in page or the app. */
export function App() {
  const [state, setState] = useState<State>({ kind: 'loading' });
  useEffect(() => {
    currentSession().then(
      (session) => setState(session ? { kind: 'signed-in', session } : { kind: 'signed-out' }),
      (error: unknown) => setState({ kind: 'signed-out', error }),
    );
  }, []);
  const csrf = state.kind === 'signed-in' ? state.session.csrf_token : '';
  const onSignOut = useCallback(async () => {
    await signOut(csrf);
    setState({ kind: 'signed-out' });
  }, [csrf]);

  if (state.kind === 'loading') return <p className="loading">Loading…</p>;
  if (state.kind === 'signed-out')
    return (
      <>
        <ErrorMessage error={state.error} />
        <SignInPage onSignedIn={(session) => setState({ kind: 'signed-in', session })} />
      </>
    );
  return (
    <SessionProvider session={state.session} onSignOut={onSignOut}>
      <AppRoutes />
    </SessionProvider>
  );
}
