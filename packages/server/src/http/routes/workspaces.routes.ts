import {
  CreatedWorkspace,
  CreateWorkspaceBody,
  ListWorkspacesQuery,
  Ok,
  UpdateWorkspaceBody,
  Workspace,
  WorkspaceIdParams,
} from '@blinkpost/contract';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { principalOf } from '../plugins/auth.js';
import type { Services } from '../services.js';

const config = { adminOnly: true };
const tags = ['workspaces'];

/** Workspaces (v1, admin keys only): the caller's own, a new one with its first key, a rename. */
export function workspaceRoutes(app: FastifyInstance, s: Services): void {
  app.get<{ Querystring: ListWorkspacesQuery }>(
    '/workspaces',
    {
      config,
      schema: {
        summary: "The key's own workspace (a key sees only its workspace)",
        tags,
        querystring: ListWorkspacesQuery,
        response: { 200: Ok(Type.Array(Workspace), { count: Type.Integer() }) },
      },
    },
    async (request) => {
      const data = await s.workspaces.list(principalOf(request));
      return { success: true as const, data, count: data.length };
    },
  );

  app.post<{ Body: CreateWorkspaceBody }>(
    '/workspaces',
    {
      config,
      schema: {
        summary: 'Create a workspace (name of at least 4 characters) and its first admin key, shown only once',
        tags,
        body: CreateWorkspaceBody,
        response: { 201: Ok(CreatedWorkspace) },
      },
    },
    async (request, reply) => {
      const data = await s.workspaces.create(principalOf(request), request.body);
      void reply.code(201);
      return {
        success: true as const,
        message: 'Workspace created. Store its API key now: it is shown only once and is the only way into it',
        data,
      };
    },
  );

  app.patch<{ Params: { id: string }; Body: UpdateWorkspaceBody }>(
    '/workspaces/:id',
    {
      config,
      schema: {
        summary: "Rename the key's workspace (at least 4 characters); another workspace's id is a 404",
        tags,
        params: WorkspaceIdParams,
        body: UpdateWorkspaceBody,
        response: { 200: Ok(Workspace) },
      },
    },
    async (request) => ({
      success: true as const,
      message: 'Workspace renamed',
      data: await s.workspaces.rename(principalOf(request), request.params.id, request.body.name),
    }),
  );
}
