// The dashboard's own endpoints, beside the v1 API: the session (docs/dashboard-api.md) and the dev mailbox.
import { CSRF_HEADER, type DevMailboxMessagePage, type DevMailboxStatus, type SessionInfo } from '@blinkpost/contract';
import { ApiError } from '@blinkpost/sdk/browser';

/** Who is signed in, in which workspace, and the token every non-GET request must carry. */
export type Session = SessionInfo;

/** The session's error answers carry the API's envelope; anything else gets a plain sentence. */
async function errorOf(res: Response, fallback: string): Promise<ApiError> {
  try {
    const body = (await res.json()) as { message?: string; error?: { code?: ApiError['code'] } };
    return new ApiError(res.status, body.error?.code ?? 'invalid_response', body.message ?? fallback);
  } catch {
    return new ApiError(res.status, 'invalid_response', fallback);
  }
}

/** Signs in with email and password; the server sets the session cookie. */
export async function signIn(email: string, password: string): Promise<Session> {
  const res = await fetch('/api/session', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.ok) return (await res.json()) as Session;
  if (res.status === 401) throw await errorOf(res, 'Wrong email or password.');
  if (res.status === 429) throw await errorOf(res, 'Too many attempts: wait a minute and try again.');
  throw await errorOf(res, `Sign-in failed (${res.status}).`);
}

/** The current session, or null when the cookie is missing or expired. */
export async function currentSession(): Promise<Session | null> {
  const res = await fetch('/api/session', { credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (res.status === 401) return null;
  if (!res.ok) throw await errorOf(res, `Could not read the session (${res.status}).`);
  return (await res.json()) as Session;
}

/** Ends the session on the server. */
export async function signOut(csrfToken: string): Promise<void> {
  const res = await fetch('/api/session', {
    method: 'DELETE',
    credentials: 'same-origin',
    headers: { [CSRF_HEADER]: csrfToken },
  });
  if (!res.ok && res.status !== 401) throw await errorOf(res, `Sign-out failed (${res.status}).`);
}

async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(path, { credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (!res.ok) throw await errorOf(res, `${path} answered ${res.status}`);
  return (await res.json()) as T;
}

/** Whether the server captures mail instead of sending it (`serve --dev-mailbox`). */
export const devMailboxStatus = (): Promise<DevMailboxStatus> => getJson('/api/dev-mailbox');

/** The newest captured messages of this workspace. */
export const devMailboxMessages = (limit = 100): Promise<DevMailboxMessagePage> =>
  getJson(`/api/dev-mailbox/messages?limit=${limit}`);
