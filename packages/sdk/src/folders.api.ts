import type { CreateFolderBody, Folder, ListFoldersQuery } from '@blinkpost/contract';
import type { Requester } from './requester.js';

/** Folders: general ones for lists, templates and sequences; email-sender ones for senders. */
export class FoldersApi {
  constructor(private readonly http: Requester) {}

  /** The workspace's folders, latest first (`type` all by default). */
  async list(query: ListFoldersQuery = {}): Promise<Folder[]> {
    return (await this.http.request<Folder[]>('GET', '/folders', { query })).data;
  }

  /** Makes a folder; without `type` a general one. */
  async create(body: CreateFolderBody): Promise<Folder> {
    return (await this.http.request<Folder>('POST', '/folders', { body })).data;
  }
}
