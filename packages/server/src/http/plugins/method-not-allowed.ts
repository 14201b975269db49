import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import FindMyWay, { type HTTPMethod } from 'find-my-way';
import { sendError } from '../error-reply.js';

const METHODS: HTTPMethod[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/**
 * Tells an unknown path (404) from a known path asked with the wrong method (405 with `Allow`).
 * Fastify's router only says "no match", so a shadow router learns every route as it is added.
 */
export function registerMethodNotAllowed(
  app: FastifyInstance,
  /** answers first when it can: the dashboard's files and pages */
  fallback?: (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined>,
): void {
  const shadow = FindMyWay({ ignoreTrailingSlash: true, ignoreDuplicateSlashes: true });
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const raw of methods) {
      const m = raw.toUpperCase() as HTTPMethod;
      if (METHODS.includes(m) && !shadow.find(m, route.url)) shadow.on(m, route.url, () => undefined);
    }
  });
  app.setNotFoundHandler(async (request, reply) => {
    const answered = fallback ? await fallback(request, reply) : undefined;
    if (answered) return answered;
    const path = request.url.split('?')[0] ?? '/';
    const allowed = METHODS.filter((m) => shadow.find(m, path) !== null);
    if (allowed.length > 0) {
      void reply.header('allow', allowed.join(', '));
      return sendError(
        request,
        reply,
        'method_not_allowed',
        `${request.method} is not allowed on ${path}; use ${allowed.join(', ')}`,
      );
    }
    return sendError(request, reply, 'not_found', `No endpoint at ${request.method} ${path}`);
  });
}
