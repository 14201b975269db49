import { SessionInfo, SignInBody } from '@blinkpost/contract';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from '../error-reply.js';
import { csrfMatches, refuseCsrf } from '../plugins/auth.js';
import { clearSessionCookie, sessionToken, setSessionCookie } from '../session-cookie.js';
import type { Services } from '../services.js';

// Ours, not SalesBlink's: left out of the OpenAPI document of the SalesBlink-compatible API.
const hidden = { tags: ['session'], hide: true };
const SIGNED_OUT = 'Not signed in: sign in with POST /api/session';

/**
 * The dashboard's sign-in (ours, outside the SalesBlink API): `POST /api/session` signs in and sets
 * the `bp_session` cookie, `GET` says who is signed in, `DELETE` signs out.
 */
export function sessionRoutes(app: FastifyInstance, s: Services, publicUrl: string | undefined): void {
  // A session and its CSRF token are never cached by a browser or proxy.
  const noStore = (reply: FastifyReply) => void reply.header('cache-control', 'no-store');
  const signedOut = (request: FastifyRequest, reply: FastifyReply) => {
    noStore(reply);
    if (sessionToken(request) !== undefined) clearSessionCookie(request, reply, publicUrl);
    return sendError(request, reply, 'unauthorized', SIGNED_OUT);
  };
  // The cookie's token and the live session it stands for, if any.
  const resumed = async (request: FastifyRequest) => {
    const token = sessionToken(request);
    return { token, signedIn: token === undefined ? undefined : await s.sessions.resume(token) };
  };

  app.post<{ Body: SignInBody }>(
    '/api/session',
    {
      schema: {
        summary: 'Sign in to the dashboard: sets the bp_session cookie; answers the user, workspace and CSRF token',
        ...hidden,
        body: SignInBody,
        response: { 200: SessionInfo },
      },
    },
    async (request, reply) => {
      noStore(reply);
      const outcome = await s.sessions.signIn(request.body.email, request.body.password, request.ip);
      if (outcome.ok) {
        // Signing in again replaces the browser's earlier session rather than leaving it alive.
        const previous = sessionToken(request);
        if (previous !== undefined) await s.sessions.signOut(previous);
        setSessionCookie(request, reply, outcome.token, publicUrl);
        return outcome.session;
      }
      if (outcome.kind === 'throttled') {
        void reply.header('retry-after', outcome.retryAfterSeconds);
        return sendError(
          request,
          reply,
          'rate_limited',
          `Too many failed sign-ins for this email from your address; retry in ${outcome.retryAfterSeconds} s`,
        );
      }
      return sendError(request, reply, 'unauthorized', 'Wrong email or password');
    },
  );

  app.get(
    '/api/session',
    { schema: { summary: 'Who is signed in (401 when nobody)', ...hidden, response: { 200: SessionInfo } } },
    async (request, reply) => {
      const { token, signedIn } = await resumed(request);
      if (!token || !signedIn) return signedOut(request, reply);
      noStore(reply);
      // The cookie's lifetime starts again with the session's sliding expiry.
      setSessionCookie(request, reply, token, publicUrl);
      return signedIn.session;
    },
  );

  app.delete(
    '/api/session',
    { schema: { summary: 'Sign out (needs the X-CSRF-Token header): ends the session, clears the cookie', ...hidden } },
    async (request, reply) => {
      const { token, signedIn } = await resumed(request);
      if (!token || !signedIn) return signedOut(request, reply);
      if (!csrfMatches(request, signedIn.session.csrf_token)) return refuseCsrf(request, reply);
      await s.sessions.signOut(token);
      clearSessionCookie(request, reply, publicUrl);
      return reply.code(204).send();
    },
  );
}
