import {
  DEFAULT_PER_PAGE,
  MAX_PER_PAGE,
  type ActivityFeed,
  type ActivityQuery,
  type ActivityRecord,
} from '@blinkpost/contract';
import { byPageNumber, pageSize } from './paging.js';
import type { Requester } from './requester.js';

/** One answer of an activity feed: a page, or every record when neither `page` nor `per_page` was given. */
export interface FeedPage {
  data: ActivityRecord[];
  count: number;
  /** the page, when one was asked for */
  page?: number;
  /** the page size as the server applied it */
  per_page?: number;
}

/** The activity feeds `sent`, `opens`, `clicks` and `replies` (legacy and v1), latest first. */
export class FeedsApi {
  constructor(private readonly http: Requester) {}

  /** One page of a feed (`page` from 1, `per_page` at most 1,000); without either, every matching record at once. */
  async list(feed: ActivityFeed, query: ActivityQuery = {}): Promise<FeedPage> {
    const res = await this.http.request<ActivityRecord[]>('GET', `/${feed}`, { query });
    const extra = res as typeof res & { page?: number; per_page?: number };
    return {
      data: res.data,
      count: res.count ?? res.data.length,
      ...(extra.page !== undefined ? { page: extra.page } : {}),
      ...(extra.per_page !== undefined ? { per_page: extra.per_page } : {}),
    };
  }

  /** Every record of a feed matching the filters, page by page (`per_page`: the page size, default 100). */
  all(feed: ActivityFeed, query: Omit<ActivityQuery, 'page'> = {}): AsyncGenerator<ActivityRecord> {
    return byPageNumber(1, pageSize(query.per_page ?? DEFAULT_PER_PAGE, MAX_PER_PAGE), async (page, size) => {
      const res = await this.list(feed, { ...query, page, per_page: size });
      return { rows: res.data, size: res.per_page };
    });
  }
}
