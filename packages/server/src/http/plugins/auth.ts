import { CSRF_HEADER } from '@blinkpost/contract';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { KeyService } from '../../app/keys.js';
import type { Principal } from '../../app/ports.js';
import type { SessionService } from '../../app/sessions.js';
import { accessRefusal, isReadMethod } from '../../domain/access.js';
import { secretMatches } from '../../domain/api-key.js';
import { sendError } from '../error-reply.js';
import { sessionToken } from '../session-cookie.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
  interface FastifyContextConfig {
    /** only admin keys (and admin users) may call this route */
    adminOnly?: boolean;
    /** an adminOnly route developer users may call too (the API keys) */
    developersToo?: boolean;
    /** served without an API key (SalesBlink's public signup, answered 501) */
    withoutKey?: boolean;
  }
}

/** The key a request carries: the raw key, as SalesBlink clients send it, or after `Bearer `. */
export function keyFromHeader(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const value = header.trim().replace(/^bearer\s+/i, '');
  return value === '' ? undefined : value;
}

/** The caller of a route that passed authentication. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new Error('route reached without authentication');
  return request.principal;
}

/** Whether a request's X-CSRF-Token header equals the session's token (compared in constant time). */
export function csrfMatches(request: FastifyRequest, expected: string): boolean {
  const given = request.headers[CSRF_HEADER.toLowerCase()];
  return typeof given === 'string' && secretMatches(given, expected);
}

/** The 403 a cookie-signed write without the right X-CSRF-Token answers. */
export function refuseCsrf(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendError(
    request,
    reply,
    'forbidden',
    `Missing or wrong ${CSRF_HEADER} header: a request signed in by cookie must send the csrf_token of GET /api/session in it`,
  );
}

/**
 * onRequest hook: an API key in Authorization, or else the dashboard's session cookie (whose writes
 * must carry X-CSRF-Token). 401 for a missing, unknown or revoked key or session (one body for all);
 * 403 when the role may not call the route.
 */
export function authenticate(keys: KeyService, sessions: SessionService) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    if (request.routeOptions.config.withoutKey) return undefined;
    const raw = keyFromHeader(request.headers.authorization);
    const token = raw === undefined ? sessionToken(request) : undefined;
    if (token !== undefined) {
      const signedIn = await sessions.resume(token);
      if (!signedIn) {
        return sendError(request, reply, 'unauthorized', 'Your session has ended or expired; sign in again');
      }
      if (!isReadMethod(request.method) && !csrfMatches(request, signedIn.session.csrf_token)) {
        return refuseCsrf(request, reply);
      }
      request.principal = signedIn.principal;
      const refusal = accessRefusal(
        { via: 'session', role: signedIn.session.user.role },
        request.routeOptions.config,
        request.method,
      );
      return refusal ? sendError(request, reply, 'forbidden', refusal) : undefined;
    }
    const principal = raw === undefined ? undefined : await keys.authenticate(raw);
    if (!principal) {
      return sendError(
        request,
        reply,
        'unauthorized',
        'Missing or invalid API key: send your key in the Authorization header (create one with `blinkpost keys create`)',
      );
    }
    request.principal = principal;
    const refusal = accessRefusal({ via: 'key', role: principal.role }, request.routeOptions.config, request.method);
    return refusal ? sendError(request, reply, 'forbidden', refusal) : undefined;
  };
}
