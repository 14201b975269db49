import { useState, type FormEvent } from 'react';
import { signIn, type Session } from '../app/dashboard-api.ts';
import { ErrorMessage } from '../ui/error-message.tsx';
import { formText } from '../ui/form-text.ts';

/** Email and password; a wrong pair or too many tries are said in the server's words. */
export function SignInPage(props: { onSignedIn: (session: Session) => void }) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      props.onSignedIn(await signIn(formText(form, 'email'), formText(form, 'password')));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <main className="sign-in">
      <h1>Sign in to Blinkpost</h1>
      <form onSubmit={(e) => void submit(e)} aria-label="Sign in" data-testid="sign-in-form">
        <label>
          Email
          <input name="email" type="email" autoComplete="username" required data-testid="sign-in-email" />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            data-testid="sign-in-password"
          />
        </label>
        <ErrorMessage error={error} />
        <button type="submit" className="primary" disabled={busy} data-testid="sign-in-submit">
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
