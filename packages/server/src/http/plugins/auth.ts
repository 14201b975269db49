import type { FastifyReply, FastifyRequest } from 'fastify';
import type { KeyService } from '../../app/keys.js';
import type { Principal } from '../../app/ports.js';
import { sendError } from '../error-reply.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
  interface FastifyContextConfig {
    /** only admin keys may call this route */
    adminOnly?: boolean;
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

/** onRequest hook: 401 for a missing, unknown or revoked key (one body for all three); 403 for a member on admin routes. */
export function authenticate(keys: KeyService) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    if (request.routeOptions.config.withoutKey) return undefined;
    const raw = keyFromHeader(request.headers.authorization);
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
    if (request.routeOptions.config.adminOnly && principal.role !== 'admin') {
      return sendError(request, reply, 'forbidden', 'This endpoint needs an admin key; this key is a member key');
    }
    return undefined;
  };
}
