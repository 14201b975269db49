import { randomBytes } from 'node:crypto';
import type { ApiKeySummary, KeyRole } from '@blinkpost/contract';
import { formatApiKey, hashApiKey, keyHint } from '../domain/api-key.js';
import { AppError, notFound } from '../domain/app-error.js';
import { isoTime } from '../domain/time-filter.js';
import type { Store } from '../store/store.js';
import type { Clock, Principal } from './ports.js';

/** A key that was just made: the only time the key itself is known. */
export interface CreatedKey {
  id: string;
  key: string;
  workspaceId: string;
  workspaceName: string;
  role: KeyRole;
}

// A key looked up is trusted for this long without asking the database again; revoking through
// this process takes effect at once, through another process within this time.
const AUTH_CACHE_MS = 5_000;
// last_used_at is written at most this often per key, so a busy key does not write on every request.
const TOUCH_EVERY_MS = 60_000;

/** API keys: making, checking, listing and revoking them. */
export class KeyService {
  private readonly cache = new Map<string, { principal: Principal; until: number }>();
  private readonly touched = new Map<string, number>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly random: (n: number) => Uint8Array = randomBytes,
  ) {}

  /** Makes a key for the workspace named `workspace`, creating the workspace if it is new. */
  async create(input: { workspace: string; role: KeyRole; name: string }): Promise<CreatedKey> {
    const now = this.clock.now();
    const ws =
      (await this.store.workspaces.findByName(input.workspace)) ??
      (await this.store.workspaces.create(input.workspace, now));
    const key = formatApiKey(this.random(40));
    const id = await this.store.apiKeys.insert(
      { workspaceId: ws.id, name: input.name, role: input.role, hint: keyHint(key), hash: hashApiKey(key) },
      now,
    );
    return { id, key, workspaceId: ws.id, workspaceName: ws.name, role: input.role };
  }

  /** On a database that has never been served, makes the first workspace and its admin key. */
  async bootstrap(): Promise<CreatedKey | undefined> {
    if ((await this.store.workspaces.count()) > 0) return undefined;
    return this.create({ workspace: 'My workspace', role: 'admin', name: 'first key' });
  }

  /** The caller a raw key stands for, or `undefined` for an unknown or revoked key. */
  async authenticate(rawKey: string): Promise<Principal | undefined> {
    const now = this.clock.now();
    const hash = hashApiKey(rawKey);
    let principal = this.cache.get(hash);
    if (!principal || principal.until < now) {
      const rec = await this.store.apiKeys.findLiveByHash(hash);
      if (!rec) {
        this.cache.delete(hash);
        return undefined;
      }
      principal = {
        principal: { workspaceId: rec.workspaceId, workspaceName: rec.workspaceName, keyId: rec.id, role: rec.role },
        until: now + AUTH_CACHE_MS,
      };
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(hash, principal);
    }
    const p = principal.principal;
    if ((this.touched.get(p.keyId) ?? 0) + TOUCH_EVERY_MS <= now) {
      this.touched.set(p.keyId, now);
      await this.store.apiKeys.touch(p.keyId, now);
    }
    return p;
  }

  /** Keys as listed: their hints, never the keys. */
  async list(workspaceId?: string): Promise<(ApiKeySummary & { workspace: string; revoked: boolean })[]> {
    const keys = await this.store.apiKeys.list(workspaceId);
    return keys.map((k) => ({
      id: k.id,
      name: k.name,
      role: k.role,
      key: k.hint,
      created_at: isoTime(k.createdAt),
      last_used_at: k.lastUsedAt === null ? '' : isoTime(k.lastUsedAt),
      workspace: k.workspaceName,
      revoked: k.revokedAt !== null,
    }));
  }

  /** Revokes a key; a caller may not revoke the key it is using (409). */
  async revoke(id: string, caller?: Principal): Promise<void> {
    if (caller?.keyId === id) {
      throw new AppError('conflict', 'The key in use cannot be revoked; revoke it with another admin key');
    }
    const done = await this.store.apiKeys.revoke(id, this.clock.now(), caller?.workspaceId);
    if (!done) throw notFound('API key', id);
    this.cache.clear();
  }
}
