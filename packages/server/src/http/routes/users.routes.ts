import { CreateUserBody, ListUsersQuery, Ok, UpdateUserBody, User, UserIdParams } from '@blinkpost/contract';
import type { FastifyInstance } from 'fastify';
import { ListingReply, listingReply, listingRequest } from '../listing.js';
import { principalOf } from '../plugins/auth.js';
import type { Services } from '../services.js';

const tags = ['users'];

/** The people of the workspace (v1): anyone may list them; only admin keys invite or change them. */
export function userRoutes(app: FastifyInstance, s: Services): void {
  app.get<{ Querystring: ListUsersQuery }>(
    '/users',
    {
      schema: {
        summary: "The workspace's users, latest first",
        tags,
        querystring: ListUsersQuery,
        response: { 200: ListingReply(User) },
      },
    },
    async (request) => {
      const listing = listingRequest(request.query);
      return listingReply(await s.users.list(principalOf(request), listing), listing);
    },
  );

  app.post<{ Body: CreateUserBody }>(
    '/users',
    {
      config: { adminOnly: true },
      schema: {
        summary: 'Invite a person (role client, user, admin or developer; default user). No email is sent yet',
        tags,
        body: CreateUserBody,
        response: { 200: Ok(User) },
      },
    },
    async (request) => ({
      success: true as const,
      message: 'User added as invited; Blinkpost sends no invitation email yet',
      data: await s.users.create(principalOf(request), request.body),
    }),
  );

  app.patch<{ Params: { id: string }; Body: UpdateUserBody }>(
    '/users/:id',
    {
      config: { adminOnly: true },
      schema: {
        summary: "Change a user's name or role",
        tags,
        params: UserIdParams,
        body: UpdateUserBody,
        response: { 200: Ok(User) },
      },
    },
    async (request) => ({
      success: true as const,
      message: 'User updated',
      data: await s.users.update(principalOf(request), request.params.id, request.body),
    }),
  );
}
