import type { Store } from '../store/store.js';
import type { TrackedMessage } from '../store/tracking.repo.js';

/**
 * Messages by track key, from memory when seen lately, else in one query. Each side of tracking (the
 * answering thread, the recording thread) keeps one, so repeated opens and clicks do not read the database.
 */
export class TrackedMessages {
  private readonly cache = new Map<string, TrackedMessage>();

  constructor(
    private readonly store: Store,
    /** messages kept in memory; the oldest goes first */
    private readonly size: number,
  ) {}

  /** The message when it is in memory, without reading the database. */
  inMemory(key: string): TrackedMessage | undefined {
    return this.cache.get(key);
  }

  async one(key: string): Promise<TrackedMessage | undefined> {
    // Every click asks for one message: a cached one costs a lookup, not a set, a map and an array.
    return this.cache.get(key) ?? (await this.many([key])).get(key);
  }

  async many(keys: Iterable<string>): Promise<Map<string, TrackedMessage>> {
    const out = new Map<string, TrackedMessage>();
    const missing: string[] = [];
    for (const k of new Set(keys)) {
      const known = this.cache.get(k);
      if (known) out.set(k, known);
      else missing.push(k);
    }
    if (missing.length === 0) return out;
    for (const m of await this.store.tracking.messagesByKeys(missing)) {
      out.set(m.trackKey, m);
      // A message not yet recorded as sent is not cached: its time and `sent` record are still to come.
      if (m.sentAt === null) continue;
      this.cache.set(m.trackKey, m);
      if (this.cache.size > this.size) this.cache.delete(this.cache.keys().next().value!);
    }
    return out;
  }
}
