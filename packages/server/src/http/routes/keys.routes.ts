import { ApiKeyIdParams, ApiKeySummary, CreateApiKeyBody, IssuedApiKey, Ok } from '@blinkpost/contract';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { principalOf } from '../plugins/auth.js';
import type { Services } from '../services.js';

type WithId = { Params: { id: string } };
// Developer users manage member keys too; KeyService keeps admin keys to admins.
const config = { adminOnly: true, developersToo: true };
const tags = ['keys'];
const SHOWN_ONCE = 'Store the key now: it is shown only once';

/** API keys of the caller's workspace (v1, admin keys only): list, create, refresh, delete. */
export function keyRoutes(app: FastifyInstance, s: Services): void {
  app.get(
    '/keys',
    {
      config,
      schema: {
        summary: "The workspace's live API keys (hints only, never the keys)",
        tags,
        response: { 200: Ok(Type.Array(ApiKeySummary)) },
      },
    },
    async (request) => {
      const keys = await s.keys.list(principalOf(request).workspaceId);
      const data: ApiKeySummary[] = keys
        .filter((k) => !k.revoked)
        .map((k) => ({
          id: k.id,
          name: k.name,
          role: k.role,
          key: k.key,
          created_at: k.created_at,
          last_used_at: k.last_used_at,
        }));
      return { success: true as const, data };
    },
  );

  app.post<{ Body: CreateApiKeyBody }>(
    '/keys',
    {
      config,
      schema: {
        summary: 'Create an API key (admin by default); the answer holds the key, shown only this once',
        tags,
        body: CreateApiKeyBody,
        response: { 200: Ok(IssuedApiKey) },
      },
    },
    async (request) => ({
      success: true as const,
      message: `API key created. ${SHOWN_ONCE}`,
      data: await s.keys.createInWorkspace(principalOf(request), request.body),
    }),
  );

  app.post<WithId>(
    '/keys/:id/refresh',
    {
      config,
      schema: {
        summary: 'Give a key a new secret (same id, name and role); the old secret stops working',
        tags,
        params: ApiKeyIdParams,
        response: { 200: Ok(IssuedApiKey) },
      },
    },
    async (request) => ({
      success: true as const,
      message: `API key refreshed; the old key no longer works. ${SHOWN_ONCE}`,
      data: await s.keys.refresh(principalOf(request), request.params.id),
    }),
  );

  app.delete<WithId>(
    '/keys/:id',
    {
      config,
      schema: {
        summary: "Revoke a key; 409 for the key making the call and for the workspace's last admin key",
        tags,
        params: ApiKeyIdParams,
        response: { 200: Ok(ApiKeySummary) },
      },
    },
    async (request) => ({
      success: true as const,
      message: 'API key deleted',
      data: await s.keys.remove(principalOf(request), request.params.id),
    }),
  );
}
