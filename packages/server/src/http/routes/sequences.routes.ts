import {
  CreateSequenceBody,
  Ok,
  SequenceDetail,
  SequenceForecast,
  SequenceStats,
  SequenceStatsQuery,
  SequenceStatusBody,
  SequenceSummary,
  UpdateSequenceBody,
} from '@blinkpost/contract';
import { SEQUENCE_STATUSES } from '@blinkpost/contract';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { offsetWindow } from '../../domain/paging.js';
import { principalOf } from '../plugins/auth.js';
import type { Services } from '../services.js';

const IdParams = Type.Object({ id: Type.String({ minLength: 1 }) });
const LeadParams = Type.Object({ id: Type.String({ minLength: 1 }), leadId: Type.String({ minLength: 1 }) });
const ListQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1 })),
  skip: Type.Optional(Type.Integer({ minimum: 0 })),
  search: Type.Optional(Type.String()),
  status: Type.Optional(Type.Union(SEQUENCE_STATUSES.map((s) => Type.Literal(s)))),
  sendAll: Type.Optional(Type.Boolean({ description: 'include archived sequences' })),
  folder: Type.Optional(Type.String({ description: 'a folder\'s id: only the sequences in it ("": unfiled ones)' })),
  owned_by: Type.Optional(Type.String({ description: 'only the sequences of this owner' })),
  sortBy: Type.Optional(Type.Union([Type.Literal('created_at'), Type.Literal('name'), Type.Literal('last_modified')])),
  sortType: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
});
const PageQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, description: 'at most 500' })),
  skip: Type.Optional(Type.Integer({ minimum: 0 })),
});
const ArchiveBody = Type.Object({ archived: Type.Boolean() });
const MAX_SEQUENCES_PER_PAGE = 100;
const MAX_LEADS_PER_PAGE = 500;

/** The `message` that says a page was cut to the maximum, when it was. */
const clampNote = (w: { clamped: boolean; limit: number }) =>
  w.clamped ? { message: `limit was clamped to ${w.limit}` } : {};

/** Sequences: the legacy listing; v1 adds create, read, update, archive, clone, status, leads and stats. */
export function sequenceRoutes(app: FastifyInstance, s: Services, v1: boolean): void {
  const tags = [v1 ? 'v1' : 'legacy'];
  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/sequences',
    {
      schema: {
        summary: 'Sequences, latest first, with sent/opens/clicks/replies counters (humans only)',
        tags,
        querystring: ListQuery,
        response: {
          200: Ok(Type.Array(SequenceSummary), {
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
      const w = paged ? offsetWindow(MAX_SEQUENCES_PER_PAGE, q.limit, q.skip) : undefined;
      const data = await s.sequences.list(principalOf(request), {
        ...(q.search ? { search: q.search } : {}),
        ...(q.status ? { status: q.status } : {}),
        // The legacy list shows every sequence; v1 leaves archived ones out unless sendAll=true.
        includeArchived: q.sendAll ?? !v1,
        ...(q.folder !== undefined ? { folder: q.folder.trim() } : {}),
        ...(q.owned_by !== undefined ? { ownedBy: q.owned_by } : {}),
        ...(q.sortBy ? { sortBy: q.sortBy } : {}),
        ascending: q.sortType === 'asc',
        ...(w ? { offset: w.offset, limit: w.limit } : {}),
      });
      return {
        success: true as const,
        ...(w ? clampNote(w) : {}),
        data,
        count: data.length,
        ...(w ? { limit: w.limit, skip: w.offset } : {}),
      };
    },
  );
  if (!v1) return;

  const detail = { 200: Ok(SequenceDetail) };
  app.post<{ Body: CreateSequenceBody }>(
    '/sequences',
    {
      schema: {
        summary: 'Create a sequence (paused unless paused: false)',
        tags,
        body: CreateSequenceBody,
        response: detail,
      },
    },
    async (request) => ({
      success: true as const,
      message: 'Sequence created',
      data: await s.sequences.create(principalOf(request), request.body),
    }),
  );
  app.get<{ Params: Static<typeof IdParams> }>(
    '/sequences/:id',
    { schema: { summary: 'One sequence with every setting and its steps', tags, params: IdParams, response: detail } },
    async (request) => ({
      success: true as const,
      data: await s.sequences.get(principalOf(request), request.params.id),
    }),
  );
  app.patch<{ Params: Static<typeof IdParams>; Body: UpdateSequenceBody }>(
    '/sequences/:id',
    {
      schema: {
        summary: 'Change a sequence; steps replaces all steps',
        tags,
        params: IdParams,
        body: UpdateSequenceBody,
        response: detail,
      },
    },
    async (request) => ({
      success: true as const,
      message: 'Sequence updated',
      data: await s.sequences.update(principalOf(request), request.params.id, request.body),
    }),
  );
  app.put<{ Params: Static<typeof IdParams>; Body: Static<typeof ArchiveBody> }>(
    '/sequences/:id/archive',
    {
      schema: {
        summary: 'Archive (pauses, drops pending steps) or restore',
        tags,
        params: IdParams,
        body: ArchiveBody,
      },
    },
    async (request) => {
      await s.sequences.archive(principalOf(request), request.params.id, request.body.archived);
      return { success: true, message: request.body.archived ? 'Sequence archived' : 'Sequence restored' };
    },
  );
  app.post<{ Params: Static<typeof IdParams> }>(
    '/sequences/:id/clone',
    { schema: { summary: 'Copy a sequence (the copy is paused)', tags, params: IdParams } },
    async (request) => ({
      success: true,
      message: 'Sequence cloned successfully',
      data: { clonedSequenceId: await s.sequences.clone(principalOf(request), request.params.id) },
    }),
  );
  app.post<{ Params: Static<typeof IdParams>; Body: SequenceStatusBody }>(
    '/sequences/:id/status',
    {
      schema: {
        summary: 'Start (ACTIVE), pause (PAUSED), stop (STOPPED) or archive (ARCHIVED)',
        tags,
        params: IdParams,
        body: SequenceStatusBody,
        response: detail,
      },
    },
    async (request) => ({
      success: true as const,
      message: `Sequence ${request.body.status.toLowerCase()}`,
      data: await s.sequences.setStatus(principalOf(request), request.params.id, request.body.status),
    }),
  );
  app.get<{ Params: Static<typeof IdParams>; Querystring: Static<typeof PageQuery> }>(
    '/sequences/:id/leads',
    {
      schema: { summary: "The sequence's leads and where each stands", tags, params: IdParams, querystring: PageQuery },
    },
    async (request) => {
      const w = offsetWindow(MAX_LEADS_PER_PAGE, request.query.limit, request.query.skip);
      const { data, total } = await s.sequenceReports.leads(principalOf(request), request.params.id, w);
      return { success: true, ...clampNote(w), data, count: data.length, total, skip: w.offset, limit: w.limit };
    },
  );
  app.get<{ Params: Static<typeof LeadParams>; Querystring: Static<typeof PageQuery> }>(
    '/sequences/:id/leads/:leadId/messages',
    {
      schema: { summary: 'The messages of one lead in the sequence', tags, params: LeadParams, querystring: PageQuery },
    },
    async (request) => {
      const w = offsetWindow(MAX_LEADS_PER_PAGE, request.query.limit, request.query.skip);
      const data = await s.sequenceReports.leadMessages(
        principalOf(request),
        request.params.id,
        request.params.leadId,
        w,
      );
      return { success: true, ...clampNote(w), data, count: data.length, skip: w.offset, limit: w.limit };
    },
  );
  app.get<{ Params: Static<typeof IdParams>; Querystring: SequenceStatsQuery }>(
    '/sequences/:id/stats',
    {
      schema: {
        summary: "The sequence's numbers (people only for opens and clicks unless human=false)",
        description:
          'SalesBlink accepts from, to and sender and ignores them; Blinkpost counts only that range and sender.',
        tags,
        params: IdParams,
        querystring: SequenceStatsQuery,
        response: { 200: Ok(SequenceStats) },
      },
    },
    async (request) => ({
      success: true as const,
      data: await s.sequenceReports.stats(principalOf(request), request.params.id, request.query),
    }),
  );
  app.get<{ Params: Static<typeof IdParams> }>(
    '/sequences/:id/forecast',
    {
      schema: {
        summary: "Why isn't it sending? Today's sends per sender, and what holds the rest back (ours)",
        tags,
        params: IdParams,
        response: { 200: Ok(SequenceForecast) },
      },
    },
    async (request) => {
      const data = await s.forecasts.forecast(principalOf(request), request.params.id);
      return { success: true, message: data.summary, data };
    },
  );
}
