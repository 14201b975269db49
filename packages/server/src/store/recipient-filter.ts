import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { ActivityTable } from './schema.js';
import type { Dialect } from './statement-text.js';

type Kind = ActivityTable['kind'];

/** The kinds found by recipient through their own index (migration 0018), not `activity_by_recipient`. */
export const ENGAGEMENT_KINDS: readonly Kind[] = ['open', 'click'];

/**
 * The condition, over `activity as a`, that a row of one of `kinds` went to one of the recipient `keys`
 * (lower-cased addresses), spelled so that each kind is looked up through the index that holds it: sends,
 * replies and bounces through `activity_by_recipient`, whose partial condition is written here as a
 * literal (SQLite uses a partial index only when the query repeats its condition); opens and clicks
 * through `activity_engagement_recipients`, an FTS5 table on SQLite or a GIN index on PostgreSQL. The
 * recipient is compared as well, so the lookup's result is exact whatever the index holds.
 */
export function recipientIn(dialect: Dialect, keys: readonly string[], kinds: readonly Kind[]): RawBuilder<SqlBool> {
  const engagements = kinds.filter((k) => ENGAGEMENT_KINDS.includes(k)).length;
  const others = sql<SqlBool>`(a.kind not in ('open', 'click') and a.recipient_key in (${sql.join(keys)}))`;
  if (engagements === 0) return others;
  const lookup =
    dialect === 'postgres'
      ? sql<SqlBool>`array[a.recipient_key] && cast(${[...keys]} as text[])`
      : sql<SqlBool>`a.id in (select activity_id from activity_engagement_recipients
          where activity_engagement_recipients match ${keys.map(tokenOf).join(' OR ')})`;
  const opensAndClicks = sql<SqlBool>`(a.kind in ('open', 'click') and a.recipient_key in (${sql.join(keys)}) and ${lookup})`;
  return engagements === kinds.length ? opensAndClicks : sql<SqlBool>`(${others} or ${opensAndClicks})`;
}

// The FTS5 token of a recipient key: its UTF-8 bytes in hex, as SQLite's hex() wrote it (the tokenizer
// folds case), so that no character of an address splits it or reads as query syntax.
const tokenOf = (key: string): string => Buffer.from(key, 'utf8').toString('hex');
