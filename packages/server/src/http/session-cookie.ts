import { SESSION_COOKIE } from '@blinkpost/contract';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_TTL_MS } from '../app/sessions.js';

/** The session token a request's Cookie header carries, if any. */
export function sessionToken(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== SESSION_COOKIE) continue;
    const value = part.slice(eq + 1).trim();
    return value === '' ? undefined : value;
  }
  return undefined;
}

// Secure when people reach the server over https: its public URL says so, or this request came over TLS.
function secure(request: FastifyRequest, publicUrl: string | undefined): boolean {
  return request.protocol === 'https' || (publicUrl ?? '').toLowerCase().startsWith('https:');
}

function cookie(request: FastifyRequest, publicUrl: string | undefined, value: string, maxAgeSeconds: number): string {
  const flags = [`${SESSION_COOKIE}=${value}`, 'Path=/', `Max-Age=${maxAgeSeconds}`, 'HttpOnly', 'SameSite=Lax'];
  if (secure(request, publicUrl)) flags.push('Secure');
  return flags.join('; ');
}

/** Sets the session cookie (the token is base64url: no character needs escaping). */
export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  publicUrl: string | undefined,
): void {
  void reply.header('set-cookie', cookie(request, publicUrl, token, Math.floor(SESSION_TTL_MS / 1000)));
}

/** Tells the browser to forget the session cookie. */
export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply, publicUrl: string | undefined): void {
  void reply.header('set-cookie', cookie(request, publicUrl, '', 0));
}
