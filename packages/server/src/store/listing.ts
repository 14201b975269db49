import { sql, type SelectQueryBuilder, type StringReference } from 'kysely';

/** What a listing reads: the rows a case-insensitive search matches and, when paged, one window of them. */
export interface Listing {
  search?: string | undefined;
  window?: { offset: number; limit: number } | undefined;
}

/** Escapes LIKE wildcards so a search for "50%" means the text. */
export const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Narrows a select to a listing: rows where any of `searched` contains the search (ignoring case),
 * latest (highest id) first, and only the window when there is one.
 */
export function applyListing<DB, TB extends keyof DB, O>(
  q: SelectQueryBuilder<DB, TB, O>,
  searched: readonly StringReference<DB, TB>[],
  listing: Listing,
): SelectQueryBuilder<DB, TB, O> {
  let out = q.orderBy(sql.ref('id'), 'desc');
  if (listing.search) {
    const pattern = `%${escapeLike(listing.search.toLowerCase())}%`;
    const matches = searched.map((column) => sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`);
    out = out.where(sql<boolean>`(${sql.join(matches, sql` or `)})`);
  }
  if (listing.window) out = out.limit(listing.window.limit).offset(listing.window.offset);
  return out;
}
