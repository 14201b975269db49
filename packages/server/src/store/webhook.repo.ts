import type { Db } from './database.js';
import { newId } from './ids.js';
import { applyListing, type Listing } from './listing.js';
import type { WebhookDeliveryTable, WebhookTable } from './schema.js';

/** A webhook as stored; the secret sealed. */
export interface WebhookRecord {
  id: string;
  workspaceId: string;
  name: string;
  url: string;
  /** the events it receives; [] for every event */
  events: string[];
  secretEnc: string;
  createdAt: number;
  lastModified: number;
}

/** A delivery as stored. */
export interface DeliveryRecord {
  id: string;
  workspaceId: string;
  webhookId: string;
  event: string;
  payload: string;
  status: WebhookDeliveryTable['status'];
  attempts: number;
  responseStatus: number | null;
  durationMs: number | null;
  error: string;
  createdAt: number;
  firstAttemptAt: number | null;
  lastAttemptAt: number | null;
  nextAttemptAt: number | null;
}

/** A delivery to queue: due at `nextAttemptAt` (null: not for the dispatcher, e.g. a test event). */
export type NewDelivery = Pick<DeliveryRecord, 'workspaceId' | 'webhookId' | 'event' | 'payload' | 'nextAttemptAt'>;

/** What an attempt found, and what comes next. */
export type AttemptRecord = Pick<
  DeliveryRecord,
  | 'status'
  | 'attempts'
  | 'responseStatus'
  | 'durationMs'
  | 'error'
  | 'firstAttemptAt'
  | 'lastAttemptAt'
  | 'nextAttemptAt'
>;

const toWebhook = (r: WebhookTable): WebhookRecord => ({
  id: r.id,
  workspaceId: r.workspace_id,
  name: r.name,
  url: r.url,
  events: JSON.parse(r.events) as string[],
  secretEnc: r.secret_enc,
  createdAt: Number(r.created_at),
  lastModified: Number(r.last_modified),
});

const orNull = (v: number | string | null): number | null => (v === null ? null : Number(v));

const toDelivery = (r: WebhookDeliveryTable): DeliveryRecord => ({
  id: r.id,
  workspaceId: r.workspace_id,
  webhookId: r.webhook_id,
  event: r.event,
  payload: r.payload,
  status: r.status,
  attempts: Number(r.attempts),
  responseStatus: orNull(r.response_status),
  durationMs: orNull(r.duration_ms),
  error: r.error,
  createdAt: Number(r.created_at),
  firstAttemptAt: orNull(r.first_attempt_at),
  lastAttemptAt: orNull(r.last_attempt_at),
  nextAttemptAt: orNull(r.next_attempt_at),
});

// Rows per insert: keeps a large batch of events within both dialects' parameter limits.
const INSERT_BATCH = 500;

/** Reads and writes webhooks and their deliveries. */
export class WebhookRepo {
  constructor(private readonly db: Db) {}

  /** Stores a new webhook. */
  async create(
    input: Pick<WebhookRecord, 'workspaceId' | 'name' | 'url' | 'events' | 'secretEnc'>,
    now: number,
  ): Promise<WebhookRecord> {
    const row: WebhookTable = {
      id: newId(now),
      workspace_id: input.workspaceId,
      name: input.name,
      url: input.url,
      events: JSON.stringify(input.events),
      secret_enc: input.secretEnc,
      created_at: now,
      last_modified: now,
    };
    await this.db.kysely.insertInto('webhooks').values(row).execute();
    return toWebhook(row);
  }

  /** One webhook of the workspace; `undefined` for an unknown id or another workspace's. */
  async get(workspaceId: string, id: string): Promise<WebhookRecord | undefined> {
    const row = await this.db.kysely
      .selectFrom('webhooks')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toWebhook(row);
  }

  /** The workspace's webhooks, latest first; the search looks in the name and the URL. */
  async list(workspaceId: string, listing: Listing = {}): Promise<WebhookRecord[]> {
    const q = this.db.kysely.selectFrom('webhooks').selectAll().where('workspace_id', '=', workspaceId);
    return (await applyListing(q, ['name', 'url'], listing).execute()).map(toWebhook);
  }

  /** Every webhook of these workspaces: what an event is matched against. */
  async ofWorkspaces(workspaceIds: string[]): Promise<WebhookRecord[]> {
    if (workspaceIds.length === 0) return [];
    const rows = await this.db.kysely
      .selectFrom('webhooks')
      .selectAll()
      .where('workspace_id', 'in', workspaceIds)
      .execute();
    return rows.map(toWebhook);
  }

  /** Webhooks by id alone, for the dispatcher, which works across workspaces. */
  async byIds(ids: string[]): Promise<WebhookRecord[]> {
    if (ids.length === 0) return [];
    return (await this.db.kysely.selectFrom('webhooks').selectAll().where('id', 'in', ids).execute()).map(toWebhook);
  }

  /** Removes a webhook and its delivery log; `false` when it is not the workspace's. */
  async delete(workspaceId: string, id: string): Promise<boolean> {
    return this.db.kysely.transaction().execute(async (tx) => {
      const gone = await tx
        .deleteFrom('webhooks')
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .executeTakeFirst();
      if (Number(gone.numDeletedRows) === 0) return false;
      await tx.deleteFrom('webhook_deliveries').where('webhook_id', '=', id).execute();
      return true;
    });
  }

  /** Queues deliveries in one insert; answers them with their ids. */
  async addDeliveries(input: NewDelivery[], now: number): Promise<DeliveryRecord[]> {
    if (input.length === 0) return [];
    const rows: WebhookDeliveryTable[] = input.map((d) => ({
      id: newId(now),
      workspace_id: d.workspaceId,
      webhook_id: d.webhookId,
      event: d.event,
      payload: d.payload,
      status: 'pending',
      attempts: 0,
      response_status: null,
      duration_ms: null,
      error: '',
      created_at: now,
      first_attempt_at: null,
      last_attempt_at: null,
      next_attempt_at: d.nextAttemptAt,
    }));
    for (let i = 0; i < rows.length; i += INSERT_BATCH)
      await this.db.kysely
        .insertInto('webhook_deliveries')
        .values(rows.slice(i, i + INSERT_BATCH))
        .execute();
    return rows.map(toDelivery);
  }

  /**
   * Takes up to `limit` pending deliveries that are due and moves their next attempt `leaseMs` ahead,
   * so no other worker takes them meanwhile; PostgreSQL skips rows another worker has locked.
   */
  async claimDue(now: number, limit: number, leaseMs: number): Promise<DeliveryRecord[]> {
    return this.db.kysely.transaction().execute(async (tx) => {
      let q = tx
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', now)
        .orderBy('next_attempt_at')
        .limit(limit);
      if (this.db.dialect === 'postgres') q = q.forUpdate().skipLocked();
      const rows = await q.execute();
      if (rows.length === 0) return [];
      await tx
        .updateTable('webhook_deliveries')
        .set({ next_attempt_at: now + leaseMs })
        .where(
          'id',
          'in',
          rows.map((r) => r.id),
        )
        .execute();
      return rows.map(toDelivery);
    });
  }

  /** Records an attempt's outcome on a delivery. */
  async recordAttempt(id: string, a: AttemptRecord): Promise<void> {
    await this.db.kysely
      .updateTable('webhook_deliveries')
      .set({
        status: a.status,
        attempts: a.attempts,
        response_status: a.responseStatus,
        duration_ms: a.durationMs,
        error: a.error,
        first_attempt_at: a.firstAttemptAt,
        last_attempt_at: a.lastAttemptAt,
        next_attempt_at: a.nextAttemptAt,
      })
      .where('id', '=', id)
      .execute();
  }

  /** A webhook's deliveries, latest first, optionally of one status. */
  async deliveries(
    webhookId: string,
    opts: Listing & { status?: DeliveryRecord['status'] | undefined } = {},
  ): Promise<DeliveryRecord[]> {
    let q = this.db.kysely.selectFrom('webhook_deliveries').selectAll().where('webhook_id', '=', webhookId);
    if (opts.status) q = q.where('status', '=', opts.status);
    return (await applyListing(q, [], { window: opts.window }).execute()).map(toDelivery);
  }
}
