import type { Lead, List, ListLeadsQuery, ListListsQuery, UpdateListBody } from '@blinkpost/contract';
import { everyRow, MAX_LEADS_PAGE, MAX_LISTING_PAGE } from './paging.js';
import { pathOf, type Requester } from './requester.js';

/** Filters, order and paging of `lists.list`. */
export type ListQuery = Pick<
  ListListsQuery,
  'limit' | 'skip' | 'search' | 'folder' | 'integration' | 'sortBy' | 'sortType' | 'owned_by'
>;

/** One page of a list's leads; as in SalesBlink, `total` is the size of this page. */
export interface ListLeadsPage {
  data: Lead[];
  count: number;
  total: number;
  skip: number;
  limit: number;
}

/** Lists of leads (v1). */
export class ListsApi {
  constructor(private readonly http: Requester) {}

  /** The workspace's lists, latest first unless `sortBy`/`sortType` say otherwise. */
  async list(query: ListQuery = {}): Promise<List[]> {
    return (await this.http.request<List[]>('GET', '/lists', { query })).data;
  }

  /** Every list matching `query`, page by page (`limit`: the page size). */
  all(query: Omit<ListQuery, 'skip'> = {}): AsyncGenerator<List> {
    return everyRow(this.http, { path: '/lists', query, limit: query.limit, max: MAX_LISTING_PAGE });
  }

  /** One list. */
  async get(id: string): Promise<List> {
    return (await this.http.request<List>('GET', pathOf('lists', id))).data;
  }

  /** Changes a list's name, folder, star or settings (verification flags only turn on). */
  async update(id: string, body: UpdateListBody): Promise<List> {
    return (await this.http.request<List>('PATCH', pathOf('lists', id), { body })).data;
  }

  /** Archives a list (its leads are no longer enrolled), or brings it back with `archived: false`. */
  async archive(id: string, archived = true): Promise<void> {
    await this.http.request('PUT', pathOf('lists', id, 'archive'), { body: { archived } });
  }

  /** One page of a list's leads (at most 500), filtered by status, sequence, search, archived, owner. */
  async leads(id: string, query: ListLeadsQuery = {}): Promise<ListLeadsPage> {
    const r = await this.http.request<Lead[]>('GET', pathOf('lists', id, 'leads'), { query });
    return {
      data: r.data,
      count: r.count ?? r.data.length,
      total: r.total ?? r.data.length,
      skip: r.skip ?? 0,
      limit: r.limit ?? 0,
    };
  }

  /** Every lead of a list matching the filters, page by page (`limit`: the page size, at most 500). */
  allLeads(id: string, query: Omit<ListLeadsQuery, 'skip'> = {}): AsyncGenerator<Lead> {
    return everyRow(this.http, { path: pathOf('lists', id, 'leads'), query, limit: query.limit, max: MAX_LEADS_PAGE });
  }
}
