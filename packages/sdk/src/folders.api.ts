import type { CreateFolderBody, Folder, ListFoldersQuery } from '@blinkpost/contract';
import { everyRow, MAX_LISTING_PAGE } from './paging.js';
import type { Requester } from './requester.js';

/** Folders: general ones for lists, templates and sequences; email-sender ones for senders. */
export class FoldersApi {
  constructor(private readonly http: Requester) {}

  /** The workspace's folders, latest first (`type` all by default). */
  async list(query: ListFoldersQuery = {}): Promise<Folder[]> {
    return (await this.http.request<Folder[]>('GET', '/folders', { query })).data;
  }

  /** Every folder matching `query`, page by page (`limit`: the page size). */
  all(query: Omit<ListFoldersQuery, 'skip'> = {}): AsyncGenerator<Folder> {
    return everyRow(this.http, { path: '/folders', query, limit: query.limit, max: MAX_LISTING_PAGE });
  }

  /** Makes a folder; without `type` a general one. */
  async create(body: CreateFolderBody): Promise<Folder> {
    return (await this.http.request<Folder>('POST', '/folders', { body })).data;
  }
}
