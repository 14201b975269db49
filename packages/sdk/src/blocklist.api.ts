import {
  MAX_BLOCKLIST_PAGE,
  type BlockEntry,
  type BlocklistAdded,
  type BlocklistCheck,
  type ListBlocklistQuery,
} from '@blinkpost/contract';
import { everyRow, pageOf, type Page } from './paging.js';
import { pathOf, type Requester } from './requester.js';

/** The workspace blocklist (SalesBlink's `/unsubscribe`): addresses and domains that are never emailed. */
export class BlocklistApi {
  constructor(private readonly http: Requester) {}

  /** One page of entries, latest first (`limit` default 50, at most 1,000), with how many match in all. */
  async list(query: ListBlocklistQuery = {}): Promise<Page<BlockEntry>> {
    return pageOf(await this.http.request<BlockEntry[]>('GET', '/unsubscribe', { query }));
  }

  /** Every entry matching `query`, page by page (`limit`: the page size). */
  all(query: Omit<ListBlocklistQuery, 'skip'> = {}): AsyncGenerator<BlockEntry> {
    const endpoint = { path: '/unsubscribe', query, limit: query.limit };
    return everyRow(this.http, { ...endpoint, max: MAX_BLOCKLIST_PAGE, counted: true });
  }

  /** Blocks addresses and domains (`example.com` or `@example.com`); values that are neither come back in `rejected`. */
  async add(values: string[]): Promise<BlocklistAdded> {
    return (await this.http.request<BlocklistAdded>('POST', '/unsubscribe', { body: { emails: values } })).data;
  }

  /** Takes addresses or domains off the blocklist; answers how many entries went. */
  async remove(values: string[]): Promise<number> {
    const body = { emails: values };
    return (await this.http.request<{ removed: number }>('POST', '/unsubscribe/remove', { body })).data.removed;
  }

  /** Whether an address is blocked, and by which entries (its own, its domain's). */
  async check(email: string): Promise<BlocklistCheck> {
    return (await this.http.request<BlocklistCheck>('GET', '/unsubscribe/check', { query: { email } })).data;
  }

  /** Removes one entry by its id. */
  async delete(id: string): Promise<void> {
    await this.http.request<unknown>('DELETE', pathOf('unsubscribe', id));
  }

  /** Empties the blocklist; answers how many entries went. */
  async clear(): Promise<number> {
    return (await this.http.request<{ removed: number }>('DELETE', '/unsubscribe')).data.removed;
  }
}
