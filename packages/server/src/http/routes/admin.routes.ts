import { MaintenanceBody, MaintenanceState, Ok } from '@blinkpost/contract';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.js';

/** Admin-only routes: the maintenance switch (the keys are in keys.routes.ts). */
export function adminRoutes(app: FastifyInstance, s: Services): void {
  const config = { adminOnly: true, duringMaintenance: true };
  app.get(
    '/maintenance',
    {
      config,
      schema: { summary: 'Whether maintenance mode is on', tags: ['admin'], response: { 200: Ok(MaintenanceState) } },
    },
    async () => ({ success: true as const, data: await s.maintenance.current() }),
  );
  app.put<{ Body: MaintenanceBody }>(
    '/maintenance',
    {
      config,
      schema: {
        summary: 'Turn maintenance mode on or off (every other API call answers 503 while it is on)',
        tags: ['admin'],
        body: MaintenanceBody,
        response: { 200: Ok(MaintenanceState) },
      },
    },
    async (request) => {
      const data = await s.maintenance.set(request.body.enabled, request.body.retry_after);
      return { success: true as const, message: `Maintenance mode ${data.enabled ? 'on' : 'off'}`, data };
    },
  );
}
