import { DEFAULT_PER_PAGE, MAX_PER_PAGE } from '@blinkpost/contract';

/** A page of rows to read: how many to skip, how many to take. */
export interface PageWindow {
  offset: number;
  limit: number;
  /** true when the client asked for more than the maximum and got the maximum */
  clamped: boolean;
}

/** Resolves `page`/`per_page`; `undefined` means "every record", as the SalesBlink docs promise. */
export function pageWindow(page?: number, perPage?: number): PageWindow | undefined {
  if (page === undefined && perPage === undefined) return undefined;
  const wanted = perPage ?? DEFAULT_PER_PAGE;
  const limit = Math.min(wanted, MAX_PER_PAGE);
  return { offset: ((page ?? 1) - 1) * limit, limit, clamped: wanted > limit };
}

/** Resolves `limit`/`skip` against an endpoint's maximum. */
export function offsetWindow(max: number, limit?: number, skip?: number): PageWindow {
  const wanted = limit ?? max;
  const taken = Math.min(wanted, max);
  return { offset: skip ?? 0, limit: taken, clamped: wanted > taken };
}
