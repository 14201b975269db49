import { Ok } from '@blinkpost/contract';
import { Type, type TSchema } from '@sinclair/typebox';
import { offsetWindow, type PageWindow } from '../domain/paging.js';

/** Largest page the v1 listings of lists, templates and senders answer. */
export const MAX_LISTING_PAGE = 100;

/** A listing as a route asks a service for it; `window` only when the client gave `limit` or `skip`. */
export interface ListingRequest {
  search?: string;
  window?: PageWindow;
}

/** The 200 response of a listing route: the rows, how many, and the window when one was asked for. */
export const ListingReply = <T extends TSchema>(item: T) =>
  Ok(Type.Array(item), {
    count: Type.Integer(),
    limit: Type.Optional(Type.Integer()),
    skip: Type.Optional(Type.Integer()),
  });

/** The search and window of a validated `ListingQuery`; without `limit` and `skip` every row is listed. */
export function listingRequest(q: { limit?: number; skip?: number; search?: string }): ListingRequest {
  const paged = q.limit !== undefined || q.skip !== undefined;
  return {
    ...(q.search ? { search: q.search } : {}),
    ...(paged ? { window: offsetWindow(MAX_LISTING_PAGE, q.limit, q.skip) } : {}),
  };
}

/** The envelope a listing answers: `count` is this page's length; a clamped limit is said in `message`. */
export function listingReply<T>(data: T[], { window }: ListingRequest) {
  return {
    success: true as const,
    ...(window?.clamped ? { message: `limit was clamped to ${MAX_LISTING_PAGE}` } : {}),
    data,
    count: data.length,
    ...(window ? { limit: window.limit, skip: window.offset } : {}),
  };
}
