import { randomBytes } from 'node:crypto';
import type { ApiKeySummary, IssuedApiKey, KeyRole } from '@blinkpost/contract';
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

// A developer user reaches the key routes too, but an admin key would let them do what only admins may.
function mayHandle(caller: Principal, role: KeyRole): void {
  if (role === 'admin' && caller.role !== 'admin') {
    throw new AppError('forbidden', 'Only admins may create, refresh or delete admin keys; use role member');
  }
}

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
    return this.issue(ws, input.role, input.name);
  }

  /** Makes a key for an existing workspace; the answer holds the key, known only now. */
  async issue(ws: { id: string; name: string }, role: KeyRole, name: string): Promise<CreatedKey> {
    const key = formatApiKey(this.random(40));
    const id = await this.store.apiKeys.insert(
      { workspaceId: ws.id, name, role, hint: keyHint(key), hash: hashApiKey(key) },
      this.clock.now(),
    );
    return { id, key, workspaceId: ws.id, workspaceName: ws.name, role };
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

  /**
   * `POST /keys`: a new key of the caller's workspace, answered with its secret this once. Admin by
   * default; a caller that is not admin (a developer user) makes member keys only.
   */
  async createInWorkspace(caller: Principal, input: { name: string; role?: KeyRole }): Promise<IssuedApiKey> {
    const role = input.role ?? (caller.role === 'admin' ? 'admin' : 'member');
    mayHandle(caller, role);
    const ws = { id: caller.workspaceId, name: caller.workspaceName };
    const created = await this.issue(ws, role, input.name);
    return this.issued(caller.workspaceId, created.id, created.key);
  }

  /** Gives a key a new secret, same id and name; the old secret stops working at once in this process. */
  async refresh(caller: Principal, id: string): Promise<IssuedApiKey> {
    const current = (await this.list(caller.workspaceId)).find((k) => k.id === id && !k.revoked);
    if (current) mayHandle(caller, current.role);
    const key = formatApiKey(this.random(40));
    const done = await this.store.apiKeys.rotate(id, caller.workspaceId, { hint: keyHint(key), hash: hashApiKey(key) });
    if (!done) throw notFound('API key', id);
    this.cache.clear();
    return this.issued(caller.workspaceId, id, key);
  }

  /**
   * `DELETE /keys/:id`: revokes a key of the caller's workspace. 409 for the workspace's last admin
   * key (nobody could manage keys any more) and for the key making the call.
   */
  async remove(caller: Principal, id: string): Promise<ApiKeySummary> {
    const key = (await this.list(caller.workspaceId)).find((k) => k.id === id && !k.revoked);
    if (!key) throw notFound('API key', id);
    mayHandle(caller, key.role);
    if (key.role === 'admin' && (await this.store.apiKeys.countOtherLiveAdmins(caller.workspaceId, id)) === 0) {
      throw new AppError(
        'conflict',
        "The workspace's last admin key cannot be deleted; create another admin key first",
      );
    }
    await this.revoke(id, caller);
    return {
      id: key.id,
      name: key.name,
      role: key.role,
      key: key.key,
      created_at: key.created_at,
      last_used_at: key.last_used_at,
    };
  }

  /** Forgets every looked-up key, so a change to a workspace shows on the next request. */
  forget(): void {
    this.cache.clear();
  }

  private async issued(workspaceId: string, id: string, secret: string): Promise<IssuedApiKey> {
    const key = (await this.list(workspaceId)).find((k) => k.id === id);
    if (!key) throw notFound('API key', id);
    return {
      id,
      name: key.name,
      role: key.role,
      key: secret,
      created_at: key.created_at,
      last_used_at: key.last_used_at,
    };
  }
}
