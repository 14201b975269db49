// The iterators of every paged endpoint. The API pages in three ways (v1-reference §1): an offset
// (`limit` + `skip`, most listings), a 1-based page number (`page` + `per_page`, the activity feeds)
// and a 0-based page number (`/reports`' `skip`). One generator per way; each asks for the next page
// only when the caller wants its first row, so breaking out of a `for await` sends no more requests.

import type { Envelope, Query, Requester } from './requester.js';

/** Largest page of the v1 listings (lists, sequences, templates, senders, webhooks and deliveries, users, folders) and the lead and mailbox stats. */
export const MAX_LISTING_PAGE = 100;
/** Largest page of leads and their messages and activity (lists, sequences, leads). */
export const MAX_LEADS_PAGE = 500;

/** One page of an offset-paged answer that counts every match. */
export interface Page<T> {
  data: T[];
  /** how many match in all */
  total: number;
  /** `skip` as the server applied it: an offset, or a 0-based page number for reports */
  skip: number;
  limit: number;
}

/** The page an offset-paged answer holds, its counts read from the envelope. */
export const pageOf = <T>(res: Envelope<T[]>): Page<T> => ({
  data: res.data,
  total: res.total ?? res.data.length,
  skip: res.skip ?? 0,
  limit: res.limit ?? 0,
});

/** One page as the iterators read it. */
export interface PageRead<T> {
  rows: T[];
  /** the page size the server applied (it clamps what it is asked); absent: the size asked */
  size?: number;
  /** every matching row, on endpoints that count them all */
  total?: number;
}

/** The page size to ask for: the caller's, but never above the endpoint's maximum, which a server clamps to silently. */
export const pageSize = (asked: number | undefined, max: number): number => Math.min(asked ?? max, max);

// The last page is an empty one, a short one, or the one that reaches the total. An exact multiple
// of the page size without a total costs one more request, which answers empty.
const isLast = (page: PageRead<unknown>, asked: number, seen: number): boolean =>
  page.rows.length === 0 || page.rows.length < (page.size ?? asked) || (page.total !== undefined && seen >= page.total);

/** Every row of an offset-paged endpoint (`limit` + `skip` rows to skip), fetched one page at a time. */
export async function* byOffset<T>(
  size: number,
  read: (limit: number, skip: number) => Promise<PageRead<T>>,
): AsyncGenerator<T, void, undefined> {
  for (let skip = 0; ;) {
    const page = await read(size, skip);
    yield* page.rows;
    skip += page.rows.length;
    if (isLast(page, size, skip)) return;
  }
}

/** Every row of a page-numbered endpoint, counting pages from `first` (1 for `page`, 0 for `/reports`' `skip`). */
export async function* byPageNumber<T>(
  first: 0 | 1,
  size: number,
  read: (page: number, size: number) => Promise<PageRead<T>>,
): AsyncGenerator<T, void, undefined> {
  let seen = 0;
  for (let n = first; ; n++) {
    const page = await read(n, size);
    yield* page.rows;
    seen += page.rows.length;
    if (isLast(page, size, seen)) return;
  }
}

/** How an offset-paged endpoint answering `data: T[]` is read. */
export interface OffsetEndpoint {
  path: string;
  /** filters, without the paging position */
  query: Query;
  /** the page size asked for (default and cap: `max`) */
  limit?: number;
  /** the endpoint's largest page */
  max: number;
  /** its `total` counts every match (the list-leads `total` is only the page's size, as in SalesBlink) */
  counted?: boolean;
}

/** Every row of an offset-paged endpoint that answers `data: T[]` with `limit` (and `total`) beside it. */
export function everyRow<T>(
  http: Requester,
  { path, query, limit, max, counted = false }: OffsetEndpoint,
): AsyncGenerator<T> {
  return byOffset(pageSize(limit, max), async (size, skip) => {
    const res = await http.request<T[]>('GET', path, { query: { ...query, limit: size, skip } });
    return { rows: res.data, size: res.limit, total: counted ? res.total : undefined };
  });
}
