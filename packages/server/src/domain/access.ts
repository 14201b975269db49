import type { KeyRole, UserRole } from '@blinkpost/contract';

/** What a route asks of its caller (its Fastify route config). */
export interface RouteAccess {
  /** admin keys and admin users only */
  adminOnly?: boolean;
  /** an adminOnly route that developer users may call too (API keys) */
  developersToo?: boolean;
}

/** Who is calling, as the access rules see it: an API key's role, or a signed-in user's. */
export type CallerRole = { via: 'key'; role: KeyRole } | { via: 'session'; role: UserRole };

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether an HTTP method only reads (GET, HEAD, OPTIONS). */
export const isReadMethod = (method: string): boolean => READS.has(method.toUpperCase());

/**
 * Why the caller may not make this request, or undefined when it may. API keys: admin everything,
 * member all but adminOnly routes. Users: admin everything; developer as a member key plus API keys;
 * user as a member key; client reads only.
 */
export function accessRefusal(caller: CallerRole, route: RouteAccess, method: string): string | undefined {
  if (caller.via === 'key') {
    return route.adminOnly && caller.role !== 'admin'
      ? 'This endpoint needs an admin key; this key is a member key'
      : undefined;
  }
  if (caller.role === 'client' && !isReadMethod(method)) {
    return 'Your role (client) may only read; ask an admin of the workspace for the user role';
  }
  if (!route.adminOnly || caller.role === 'admin') return undefined;
  if (route.developersToo && caller.role === 'developer') return undefined;
  return route.developersToo
    ? `This needs an admin or developer user; your role is ${caller.role}`
    : `This needs an admin user; your role is ${caller.role}`;
}
