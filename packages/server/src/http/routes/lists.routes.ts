import { CreateListBody, List, ListIdParams, ListListsQuery, Ok } from '@blinkpost/contract';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { offsetWindow } from '../../domain/paging.js';
import { principalOf } from '../plugins/auth.js';
import type { Services } from '../services.js';

const MAX_LISTS_PER_PAGE = 100;

/** Lists: the legacy listing, and (v1) creating one and reading one. */
export function listRoutes(app: FastifyInstance, s: Services, v1: boolean): void {
  app.get<{ Querystring: ListListsQuery }>(
    '/lists',
    {
      schema: {
        summary: 'All lists of the workspace, latest first (archived ones included, flagged)',
        tags: [v1 ? 'v1' : 'legacy'],
        querystring: ListListsQuery,
        response: {
          200: Ok(Type.Array(List), {
            count: Type.Integer(),
            limit: Type.Optional(Type.Integer()),
            skip: Type.Optional(Type.Integer()),
          }),
        },
      },
    },
    async (request) => {
      const q = request.query;
      const paged = q.limit !== undefined || q.skip !== undefined;
      const window = paged ? offsetWindow(MAX_LISTS_PER_PAGE, q.limit, q.skip) : undefined;
      const data = await s.lists.list(principalOf(request), {
        ...(q.search ? { search: q.search } : {}),
        ...(window ? { window } : {}),
      });
      return {
        success: true as const,
        ...(window?.clamped ? { message: `limit was clamped to ${MAX_LISTS_PER_PAGE}` } : {}),
        data,
        count: data.length,
        ...(window ? { limit: window.limit, skip: window.offset } : {}),
      };
    },
  );
  if (!v1) return;

  app.post<{ Body: CreateListBody }>(
    '/lists',
    {
      schema: { summary: 'Create an empty list', tags: ['v1'], body: CreateListBody, response: { 200: Ok(List) } },
    },
    async (request) => ({
      success: true as const,
      message: 'List created',
      data: await s.lists.create(principalOf(request), request.body),
    }),
  );

  app.get<{ Params: { id: string } }>(
    '/lists/:id',
    { schema: { summary: 'One list', tags: ['v1'], params: ListIdParams, response: { 200: Ok(List) } } },
    async (request) => ({ success: true as const, data: await s.lists.get(principalOf(request), request.params.id) }),
  );
}
