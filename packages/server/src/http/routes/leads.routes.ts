import {
  ArchiveBody,
  Lead,
  LeadActivityByEmailQuery,
  LeadActivityQuery,
  LeadActivityReply,
  LeadUnsubscribed,
  ListIdParams,
  ListLeadsQuery,
  MoveLeadBody,
  Ok,
  OkMessage,
  UpdateLeadBody,
} from '@blinkpost/contract';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { LeadActivity } from '../../app/leads.js';
import { MAX_LEADS_PAGE } from '../../app/leads.js';
import { principalOf } from '../plugins/auth.js';
import type { Services } from '../services.js';

type WithId = { Params: { id: string } };
const IdParams = ListIdParams;
const clampNote = `limit was clamped to ${MAX_LEADS_PAGE}`;

const activityReply = (a: LeadActivity) => ({
  success: true as const,
  ...(a.window.clamped ? { message: clampNote } : {}),
  data: a.data,
  lead: a.lead,
  count: a.data.length,
  total: a.total,
  skip: a.window.offset,
  limit: a.window.limit,
});

/** The v1 lead routes: a list's leads, and editing, moving, archiving, unsubscribing and reading one lead. */
export function leadRoutes(app: FastifyInstance, s: Services): void {
  const tags = ['v1'];
  app.get<WithId & { Querystring: ListLeadsQuery }>(
    '/lists/:id/leads',
    {
      schema: {
        summary: "A list's leads, latest first, filtered",
        description:
          "As in SalesBlink, `total` is the size of this page, not of the list (use the list's contacts_count); `count` is the same number.",
        tags,
        params: IdParams,
        querystring: ListLeadsQuery,
        response: {
          200: Ok(Type.Array(Lead), {
            count: Type.Integer(),
            total: Type.Integer({ description: 'the size of this page (SalesBlink quirk)' }),
            skip: Type.Integer(),
            limit: Type.Integer(),
          }),
        },
      },
    },
    async (request) => {
      const { data, window } = await s.leads.ofList(principalOf(request), request.params.id, request.query);
      return {
        success: true as const,
        ...(window.clamped ? { message: clampNote } : {}),
        data,
        count: data.length,
        total: data.length,
        skip: window.offset,
        limit: window.limit,
      };
    },
  );

  app.patch<WithId & { Body: Record<string, unknown> }>(
    '/leads/:id',
    {
      schema: {
        summary: "Change a lead's standard or custom fields, or its star",
        description:
          'Field names match like POST /contacts (any casing); other keys are custom fields; null unsets a field; system fields (id, list_id, status, archived, …) are ignored.',
        tags,
        params: IdParams,
        body: UpdateLeadBody,
        response: { 200: Ok(Lead) },
      },
    },
    async (request) => ({
      success: true as const,
      message: 'Lead updated',
      data: await s.leads.update(principalOf(request), request.params.id, request.body),
    }),
  );

  app.put<WithId & { Body: MoveLeadBody }>(
    '/leads/:id/move',
    {
      schema: {
        summary: 'Move a lead to another list',
        tags,
        params: IdParams,
        body: MoveLeadBody,
        response: { 200: OkMessage },
      },
    },
    async (request) => {
      await s.leads.move(principalOf(request), request.params.id, request.body.list_id);
      return { success: true as const, message: 'Lead moved' };
    },
  );

  app.put<WithId & { Body: ArchiveBody }>(
    '/contacts/:id/archive',
    {
      schema: {
        summary: 'Archive a lead (its pending steps in every sequence stop) or bring it back',
        tags,
        params: IdParams,
        body: ArchiveBody,
        response: { 200: OkMessage },
      },
    },
    async (request) => {
      await s.leads.setArchived(principalOf(request), request.params.id, request.body.archived);
      return { success: true as const, message: request.body.archived ? 'Lead archived' : 'Lead unarchived' };
    },
  );

  app.get<WithId & { Querystring: LeadActivityQuery }>(
    '/leads/:id/activity',
    {
      schema: {
        summary: "A lead's activity (sent, opened, clicked, replied, bounced), latest first",
        tags,
        params: IdParams,
        querystring: LeadActivityQuery,
        response: { 200: LeadActivityReply },
      },
    },
    async (request) => activityReply(await s.leads.activity(principalOf(request), request.params.id, request.query)),
  );

  app.get<{ Querystring: LeadActivityByEmailQuery }>(
    '/leads/activity',
    {
      schema: {
        summary: "An address's activity, with the workspace's latest lead of that address",
        tags,
        querystring: LeadActivityByEmailQuery,
        response: { 200: LeadActivityReply },
      },
    },
    async (request) => {
      const { email, ...q } = request.query;
      return activityReply(await s.leads.activityByEmail(principalOf(request), email, q));
    },
  );

  app.post<WithId>(
    '/leads/:id/unsubscribe',
    {
      schema: {
        summary: 'Unsubscribe a lead everywhere: its address joins the blocklist and every pending step stops',
        tags,
        params: IdParams,
        response: { 200: Ok(LeadUnsubscribed) },
      },
    },
    async (request) => {
      const u = await s.leads.unsubscribe(principalOf(request), request.params.id);
      return { success: true as const, message: 'Lead unsubscribed', data: { email: u.email, lead_ids: u.leadIds } };
    },
  );
}
