import type { FastifyInstance } from 'fastify';
import { sendError } from '../error-reply.js';

/** Liveness (the process answers) and readiness (it reaches its database and is not draining). */
export function healthRoutes(app: FastifyInstance, ready: () => Promise<boolean>): void {
  app.get('/healthz', async () => ({ success: true, data: { status: 'ok' } }));
  app.get('/readyz', async (request, reply) => {
    if (await ready().catch(() => false)) return { success: true, data: { status: 'ready' } };
    void reply.header('retry-after', 5);
    return sendError(
      request,
      reply,
      'shutting_down',
      'Not ready: the database is unreachable or the server is stopping',
    );
  });
}
