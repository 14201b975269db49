import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { ActivityTable } from './schema.js';
import type { Dialect } from './statement-text.js';

type Kind = ActivityTable['kind'];

// The kinds found by recipient through their own index (migration 0018), not `activity_by_recipient`.
const ENGAGEMENT_KINDS: readonly Kind[] = ['open', 'click'];

/** Rows of a workspace, of some kinds, and when `keys` is given, sent to (or coming from) those recipients. */
export interface ActivityScope {
  workspaceId: string;
  kinds: readonly Kind[];
  /** lower-cased addresses (`emailKey`) */
  keys?: readonly string[] | undefined;
}

/**
 * The condition, over `activity as a`, that a row is in the scope: the workspace and kinds, and the
 * recipients when given — then spelled so that each kind is looked up through the index that holds it. Sends,
 * replies and bounces go through `activity_by_recipient`, whose partial condition is written out as a
 * literal (SQLite uses a partial index only when the query repeats its condition). Opens and clicks go
 * through `activity_engagement_recipients` (the FTS5 match on SQLite, the GIN overlap on PostgreSQL),
 * with the workspace written so that no B-tree can use it (`+a.workspace_id` on SQLite, with the kind;
 * `a.workspace_id || ''` on PostgreSQL). Without statistics — SQLite's are never gathered by the
 * server, PostgreSQL's wait for autovacuum — both planners otherwise read every open of the workspace
 * through `activity_feed`, guessed cheaper than the lookup's rows. The recipient is compared as well, so
 * the answer is exact whatever an index holds. Kinds of both families become an OR of the two, which
 * both planners answer from the two indexes (SQLite's multi-index OR, PostgreSQL's BitmapOr).
 */
export function activityScope(dialect: Dialect, s: ActivityScope): RawBuilder<SqlBool> {
  if (s.kinds.length === 0 || s.keys?.length === 0) return sql<SqlBool>`1 = 0`;
  if (s.keys === undefined)
    return sql<SqlBool>`(a.workspace_id = ${s.workspaceId} and a.kind in (${sql.join(s.kinds)}))`;
  const engagements = s.kinds.filter((k) => ENGAGEMENT_KINDS.includes(k));
  const others = s.kinds.filter((k) => !ENGAGEMENT_KINDS.includes(k));
  const keys = sql.join(s.keys);
  const branches: RawBuilder<SqlBool>[] = [];
  if (others.length > 0) {
    branches.push(sql<SqlBool>`(a.workspace_id = ${s.workspaceId} and a.kind in (${sql.join(others)})
      and a.kind not in ('open', 'click') and a.recipient_key in (${keys}))`);
  }
  if (engagements.length > 0) {
    branches.push(
      dialect === 'postgres'
        ? sql<SqlBool>`(a.workspace_id || '' = ${s.workspaceId} and a.kind in (${sql.join(engagements)})
            and a.kind in ('open', 'click') and a.recipient_key in (${keys})
            and array[a.recipient_key] && cast(${[...s.keys]} as text[]))`
        : sql<SqlBool>`(+a.workspace_id = ${s.workspaceId} and +a.kind in (${sql.join(engagements)})
            and a.recipient_key in (${keys}) and a.id in (select activity_id from activity_engagement_recipients
              where activity_engagement_recipients match ${ftsQuery(s.keys)}))`,
    );
  }
  return branches.length === 1 ? branches[0]! : sql<SqlBool>`(${branches[0]!} or ${branches[1]!})`;
}

// An FTS5 query for any of the keys: each key's token is its UTF-8 bytes in hex, as SQLite's hex() wrote
// it (the tokenizer folds case), so that no character of an address splits it or reads as query syntax.
// An empty key has no token: it matches nothing (every open and click has a recipient).
function ftsQuery(keys: readonly string[]): string {
  const tokens = keys.filter((k) => k !== '').map((k) => Buffer.from(k, 'utf8').toString('hex'));
  // A token no row can have (hex has no 'x'): FTS5 refuses an empty query.
  return tokens.length > 0 ? tokens.join(' OR ') : 'x';
}
