import { AccountVerification, Ok } from '@blinkpost/contract';
import type { FastifyInstance } from 'fastify';
import { principalOf } from '../plugins/auth.js';
import type { Services } from '../services.js';

/** `GET /account/verify` (v1): whether the key works, and whose it is. */
export function accountRoutes(app: FastifyInstance, s: Services): void {
  app.get(
    '/account/verify',
    {
      schema: {
        summary: "Check the API key: its workspace, name and role (SalesBlink's `auth verify`)",
        tags: ['account'],
        response: { 200: Ok(AccountVerification) },
      },
    },
    async (request) => {
      const p = principalOf(request);
      const key = (await s.keys.list(p.workspaceId)).find((k) => k.id === p.keyId);
      const data: AccountVerification = {
        valid: true,
        // Signed in to the dashboard: the person; with a key: "" (keys belong to a workspace).
        email: p.user?.email ?? '',
        name: key?.name ?? p.user?.name ?? '',
        org: p.workspaceName,
        workspace_id: p.workspaceId,
        workspace_name: p.workspaceName,
        role: p.role,
        key_id: p.keyId,
        key: key?.key ?? '',
      };
      return { success: true as const, message: 'The API key is valid', data };
    },
  );
}
