import type { Db } from './database.js';

/** A request's hold on its key, before its answer is stored. */
export interface NewIdempotencyClaim {
  id: string;
  workspaceId: string;
  method: string;
  path: string;
  key: string;
  fingerprint: string;
  /** a token naming the request that holds the key */
  holder: string;
}

/** A key as stored: the first request's fingerprint and, once it answered, the answer. */
export interface IdempotencyRecord {
  id: string;
  fingerprint: string;
  holder: string;
  status: number | null;
  headers: Record<string, string>;
  body: string;
  createdAt: number;
  lockedUntil: number;
}

/** Idempotency-Key records: claims while a request runs, its answer for 24 h after. */
export class IdempotencyRepo {
  constructor(private readonly db: Db) {}

  /** Claims a key that has no record; answers false when one exists (whatever its state). */
  async claim(c: NewIdempotencyClaim, now: number, lockedUntil: number): Promise<boolean> {
    const res = await this.db.kysely
      .insertInto('idempotency_keys')
      .values({
        id: c.id,
        workspace_id: c.workspaceId,
        method: c.method,
        path: c.path,
        idem_key: c.key,
        fingerprint: c.fingerprint,
        holder: c.holder,
        status: null,
        response_headers: '{}',
        response_body: '',
        created_at: now,
        locked_until: lockedUntil,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  /** The record of a key, if any. */
  async get(id: string): Promise<IdempotencyRecord | undefined> {
    const row = await this.db.kysely.selectFrom('idempotency_keys').selectAll().where('id', '=', id).executeTakeFirst();
    return (
      row && {
        id: row.id,
        fingerprint: row.fingerprint,
        holder: row.holder,
        status: row.status === null ? null : Number(row.status),
        headers: JSON.parse(row.response_headers) as Record<string, string>,
        body: row.response_body,
        createdAt: Number(row.created_at),
        lockedUntil: Number(row.locked_until),
      }
    );
  }

  /** Takes over a claim whose holder never answered, if it is still the one that was read. */
  async takeOver(id: string, fromHolder: string, toHolder: string, now: number, lockedUntil: number): Promise<boolean> {
    const res = await this.db.kysely
      .updateTable('idempotency_keys')
      .set({ holder: toHolder, created_at: now, locked_until: lockedUntil })
      .where('id', '=', id)
      .where('holder', '=', fromHolder)
      .where('status', 'is', null)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  /** Stores the answer of the request that holds the key. */
  async complete(
    id: string,
    holder: string,
    status: number,
    headers: Record<string, string>,
    body: string,
  ): Promise<void> {
    await this.db.kysely
      .updateTable('idempotency_keys')
      .set({ status, response_headers: JSON.stringify(headers), response_body: body })
      .where('id', '=', id)
      .where('holder', '=', holder)
      .where('status', 'is', null)
      .execute();
  }

  /** Gives a key up without an answer (a server error), so the next request with it runs. */
  async release(id: string, holder: string): Promise<void> {
    await this.db.kysely
      .deleteFrom('idempotency_keys')
      .where('id', '=', id)
      .where('holder', '=', holder)
      .where('status', 'is', null)
      .execute();
  }

  /** Deletes one key's record if it was made before `cutoff` (expired). */
  async removeIfOlder(id: string, cutoff: number): Promise<void> {
    await this.db.kysely
      .deleteFrom('idempotency_keys')
      .where('id', '=', id)
      .where('created_at', '<=', cutoff)
      .execute();
  }

  /** Deletes every record made before `cutoff`; answers how many. */
  async prune(cutoff: number): Promise<number> {
    const res = await this.db.kysely
      .deleteFrom('idempotency_keys')
      .where('created_at', '<=', cutoff)
      .executeTakeFirst();
    return Number(res.numDeletedRows);
  }
}
