import { Type, type Static } from '@sinclair/typebox';
import { IssuedApiKey } from './api-keys.schema.js';

/** Shortest workspace name SalesBlink accepts. */
export const MIN_WORKSPACE_NAME = 4;

const Name = Type.String({ minLength: MIN_WORKSPACE_NAME, maxLength: 200 });

/** A workspace (SalesBlink's account): every list, sequence, sender and key belongs to one. */
export const Workspace = Type.Object({
  id: Type.String(),
  name: Type.String(),
  created_at: Type.String(),
});
export type Workspace = Static<typeof Workspace>;

/** Query of `GET /v1.0.0/workspaces`. */
export const ListWorkspacesQuery = Type.Object({
  owned_by: Type.Optional(Type.String({ description: 'accepted and ignored: a key sees its own workspace' })),
});
export type ListWorkspacesQuery = Static<typeof ListWorkspacesQuery>;

/** Body of `POST /v1.0.0/workspaces`: `name`, or SalesBlink's `workspaceName`. */
export const CreateWorkspaceBody = Type.Object({
  name: Type.Optional(Name),
  workspaceName: Type.Optional(Name),
});
export type CreateWorkspaceBody = Static<typeof CreateWorkspaceBody>;

/** Body of `PATCH /v1.0.0/workspaces/:id`. */
export const UpdateWorkspaceBody = Type.Object({ name: Name });
export type UpdateWorkspaceBody = Static<typeof UpdateWorkspaceBody>;

/** The answer to creating a workspace: it, and its first admin key, shown only this once. */
export const CreatedWorkspace = Type.Object({
  ...Workspace.properties,
  api_key: IssuedApiKey,
});
export type CreatedWorkspace = Static<typeof CreatedWorkspace>;

/** Path of routes that take a workspace id. */
export const WorkspaceIdParams = Type.Object({ id: Type.String({ minLength: 1 }) });
