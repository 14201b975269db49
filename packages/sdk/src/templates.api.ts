import type {
  CreateTemplateBody,
  ListTemplatesQuery,
  Template,
  TemplatePreview,
  UpdateTemplateBody,
} from '@blinkpost/contract';
import { everyRow, MAX_LISTING_PAGE } from './paging.js';
import { pathOf, type Requester } from './requester.js';

/** Templates: Liquid variables with fallbacks and spintax, scored as cold emails. */
export class TemplatesApi {
  constructor(private readonly http: Requester) {}

  /** The workspace's templates, latest first, each with its cold-email score. */
  async list(query: ListTemplatesQuery = {}): Promise<Template[]> {
    return (await this.http.request<Template[]>('GET', '/templates', { query })).data;
  }

  /** Every template matching `query`, page by page (`limit`: the page size). */
  all(query: Omit<ListTemplatesQuery, 'skip'> = {}): AsyncGenerator<Template> {
    return everyRow(this.http, { path: '/templates', query, limit: query.limit, max: MAX_LISTING_PAGE });
  }

  /** One template. */
  async get(id: string): Promise<Template> {
    return (await this.http.request<Template>('GET', pathOf('templates', id))).data;
  }

  /** Creates a template. */
  async create(body: CreateTemplateBody): Promise<Template> {
    return (await this.http.request<Template>('POST', '/templates', { body })).data;
  }

  /** Changes the fields given; `folder: ""` unfiles. */
  async update(id: string, body: UpdateTemplateBody): Promise<Template> {
    return (await this.http.request<Template>('PATCH', pathOf('templates', id), { body })).data;
  }

  /** Archives a template, or restores it with `archived: false`. */
  async archive(id: string, archived = true): Promise<Template> {
    const body = { archived };
    return (await this.http.request<Template>('PUT', pathOf('templates', id, 'archive'), { body })).data;
  }

  /** Renders a template for one lead; `sendable: false` names the variables that would hold the send. */
  async preview(id: string, leadId: string): Promise<TemplatePreview> {
    const body = { lead_id: leadId };
    return (await this.http.request<TemplatePreview>('POST', pathOf('templates', id, 'preview'), { body })).data;
  }
}
