import {
  BlockEntry,
  BlocklistAdded,
  BlocklistCheck,
  BlocklistCheckQuery,
  BlocklistIdParams,
  BlocklistValuesBody,
  DEFAULT_BLOCKLIST_PAGE,
  ListBlocklistQuery,
  MAX_BLOCKLIST_PAGE,
  Ok,
} from '@blinkpost/contract';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { invalid } from '../../domain/app-error.js';
import { offsetWindow } from '../../domain/paging.js';
import { principalOf } from '../plugins/auth.js';
import type { Services } from '../services.js';

/** The values of a body in any of the shapes SalesBlink's clients send. */
function valuesOf(body: BlocklistValuesBody): string[] {
  const given = body.emails ?? body.email;
  if (given === undefined) throw invalid('emails', 'is required: a list of addresses or domains');
  return typeof given === 'string' ? [given] : given;
}

/** The workspace blocklist, SalesBlink's `/unsubscribe` (v1 only). */
export function blocklistRoutes(app: FastifyInstance, s: Services): void {
  app.get<{ Querystring: ListBlocklistQuery }>(
    '/unsubscribe',
    {
      schema: {
        summary: 'The blocklist: addresses and domains never emailed, latest first',
        tags: ['v1'],
        querystring: ListBlocklistQuery,
        response: {
          200: Ok(Type.Array(BlockEntry), {
            count: Type.Integer(),
            total: Type.Integer(),
            limit: Type.Integer(),
            skip: Type.Integer(),
          }),
        },
      },
    },
    async (request) => {
      const { search, type, limit, skip } = request.query;
      const window = offsetWindow(MAX_BLOCKLIST_PAGE, limit ?? DEFAULT_BLOCKLIST_PAGE, skip);
      const { entries, total } = await s.blocklist.list(principalOf(request), {
        ...(search ? { search } : {}),
        ...(type ? { type } : {}),
        offset: window.offset,
        limit: window.limit,
      });
      return {
        success: true as const,
        ...(window.clamped ? { message: `limit was clamped to ${MAX_BLOCKLIST_PAGE}` } : {}),
        data: entries,
        count: entries.length,
        total,
        limit: window.limit,
        skip: window.offset,
      };
    },
  );

  app.post<{ Body: BlocklistValuesBody }>(
    '/unsubscribe',
    {
      schema: {
        summary: 'Add addresses or domains to the blocklist; bad values are reported and the rest kept',
        tags: ['v1'],
        body: BlocklistValuesBody,
        response: { 200: Ok(BlocklistAdded) },
      },
    },
    async (request) => {
      const r = await s.blocklist.add(principalOf(request), valuesOf(request.body));
      return {
        success: true as const,
        message: `${r.added.length} added, ${r.alreadyBlocked} already on the list, ${r.rejected.length} rejected`,
        data: { added: r.added, already_blocked: r.alreadyBlocked, rejected: r.rejected },
      };
    },
  );

  app.post<{ Body: BlocklistValuesBody }>(
    '/unsubscribe/remove',
    {
      schema: {
        summary: 'Take addresses or domains off the blocklist',
        tags: ['v1'],
        body: BlocklistValuesBody,
        response: { 200: Ok(Type.Object({ removed: Type.Integer() })) },
      },
    },
    async (request) => {
      const removed = await s.blocklist.remove(principalOf(request), valuesOf(request.body));
      return { success: true as const, message: `${removed} removed`, data: { removed } };
    },
  );

  app.get<{ Querystring: BlocklistCheckQuery }>(
    '/unsubscribe/check',
    {
      schema: {
        summary: 'Whether an address is blocked, by its own entry or its domain’s',
        tags: ['v1'],
        querystring: BlocklistCheckQuery,
        response: { 200: Ok(BlocklistCheck) },
      },
    },
    async (request) => ({
      success: true as const,
      data: await s.blocklist.check(principalOf(request), request.query.email),
    }),
  );

  app.delete<{ Params: { id: string } }>(
    '/unsubscribe/:id',
    {
      schema: {
        summary: 'Remove one blocklist entry',
        tags: ['v1'],
        params: BlocklistIdParams,
        response: { 200: Type.Object({ success: Type.Literal(true), message: Type.String() }) },
      },
    },
    async (request) => {
      await s.blocklist.removeById(principalOf(request), request.params.id);
      return { success: true as const, message: 'Entry removed' };
    },
  );

  app.delete(
    '/unsubscribe',
    {
      schema: {
        summary: 'Remove every blocklist entry of the workspace',
        tags: ['v1'],
        response: { 200: Ok(Type.Object({ removed: Type.Integer() })) },
      },
    },
    async (request) => {
      const removed = await s.blocklist.clear(principalOf(request));
      return { success: true as const, message: `${removed} removed`, data: { removed } };
    },
  );
}
