import {
  ArchiveTemplateBody,
  CreateTemplateBody,
  ListTemplatesQuery,
  Ok,
  PreviewTemplateBody,
  Template,
  TemplateIdParams,
  TemplatePreview,
  UpdateTemplateBody,
} from '@blinkpost/contract';
import type { FastifyInstance } from 'fastify';
import { ListingReply, listingReply, listingRequest } from '../listing.js';
import { principalOf } from '../plugins/auth.js';
import type { Services } from '../services.js';

type WithId = { Params: { id: string } };

/** Templates (v1 only): list, read, create, update, archive, and preview for a lead (ours). */
export function templateRoutes(app: FastifyInstance, s: Services): void {
  app.get<{ Querystring: ListTemplatesQuery }>(
    '/templates',
    {
      schema: {
        summary: 'All templates of the workspace, latest first, each with its cold-email score',
        tags: ['v1'],
        querystring: ListTemplatesQuery,
        response: { 200: ListingReply(Template) },
      },
    },
    async (request) => {
      const { folder, archived } = request.query;
      const listing = listingRequest(request.query);
      const data = await s.templates.list(principalOf(request), { ...listing, folder, archived });
      return listingReply(data, listing);
    },
  );

  app.post<{ Body: CreateTemplateBody }>(
    '/templates',
    {
      schema: {
        summary: 'Create a template (Liquid variables with `default` fallbacks, spintax `{Hi|Hello}`)',
        tags: ['v1'],
        body: CreateTemplateBody,
        response: { 200: Ok(Template) },
      },
    },
    async (request) => ({
      success: true as const,
      message: 'Template created',
      data: await s.templates.create(principalOf(request), request.body),
    }),
  );

  app.get<WithId>(
    '/templates/:id',
    { schema: { summary: 'One template', tags: ['v1'], params: TemplateIdParams, response: { 200: Ok(Template) } } },
    async (request) => ({
      success: true as const,
      data: await s.templates.get(principalOf(request), request.params.id),
    }),
  );

  app.patch<WithId & { Body: UpdateTemplateBody }>(
    '/templates/:id',
    {
      schema: {
        summary: 'Change a template; only the fields given change, `folder: ""` unfiles',
        tags: ['v1'],
        params: TemplateIdParams,
        body: UpdateTemplateBody,
        response: { 200: Ok(Template) },
      },
    },
    async (request) => ({
      success: true as const,
      message: 'Template updated',
      data: await s.templates.update(principalOf(request), request.params.id, request.body),
    }),
  );

  app.put<WithId & { Body: ArchiveTemplateBody }>(
    '/templates/:id/archive',
    {
      schema: {
        summary: 'Archive or restore a template',
        tags: ['v1'],
        params: TemplateIdParams,
        body: ArchiveTemplateBody,
        response: { 200: Ok(Template) },
      },
    },
    async (request) => {
      const data = await s.templates.archive(principalOf(request), request.params.id, request.body.archived);
      return { success: true as const, message: data.archived ? 'Template archived' : 'Template restored', data };
    },
  );

  app.post<WithId & { Body: PreviewTemplateBody }>(
    '/templates/:id/preview',
    {
      schema: {
        summary: 'Render a template for one lead; says which variables would hold the send (ours)',
        tags: ['v1'],
        params: TemplateIdParams,
        body: PreviewTemplateBody,
        response: { 200: Ok(TemplatePreview) },
      },
    },
    async (request) => {
      const data = await s.templates.preview(principalOf(request), request.params.id, request.body.lead_id);
      return {
        success: true as const,
        ...(data.sendable ? {} : { message: `Not sendable: ${data.problem ?? 'the template cannot be rendered'}` }),
        data,
      };
    },
  );
}
