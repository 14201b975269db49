import type { FastifyReply, FastifyRequest } from 'fastify';
import type { MaintenanceService } from '../../app/maintenance.js';
import { sendError } from '../error-reply.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** still served in maintenance mode (the switch itself) */
    duringMaintenance?: boolean;
  }
}

/** onRequest hook: 503 with Retry-After while the admin switch is on. */
export function maintenanceGate(maintenance: MaintenanceService) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    if (request.routeOptions.config.duringMaintenance) return undefined;
    const state = await maintenance.current();
    if (!state.enabled) return undefined;
    void reply.header('retry-after', state.retry_after);
    return sendError(request, reply, 'maintenance', `The server is in maintenance; retry in ${state.retry_after} s`);
  };
}
