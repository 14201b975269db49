import type { Store } from '../store/store.js';
import type { TrackedMessage } from '../store/tracking.repo.js';

/**
 * Messages by track key, from memory when seen lately, else in one query. Each side of tracking (the
 * answering thread, the recording thread) keeps one, so repeated opens and clicks do not read the database.
 */
export class TrackedMessages {
  private readonly cache = new Map<string, TrackedMessage>();
  /**
   * Reads in flight, by each key they look up. Clicks on a message nobody has asked for yet come
   * together — a link scanner follows every link of a message at once, and under load every connection
   * asks for the same new message within a millisecond — and each would otherwise read it again until
   * the first read is back: a scratch run of the (e) click load on PostgreSQL read its 200 messages
   * ~1,400 times before their reads were shared, 201 times after.
   */
  private readonly reading = new Map<string, Promise<Map<string, TrackedMessage>>>();

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
    const asked = new Set(keys);
    const missing: string[] = [];
    const joined = new Set<Promise<Map<string, TrackedMessage>>>();
    for (const k of asked) {
      const known = this.cache.get(k);
      const pending = known ? undefined : this.reading.get(k);
      if (known) out.set(k, known);
      else if (pending) joined.add(pending);
      else missing.push(k);
    }
    if (missing.length > 0) joined.add(this.read(missing));
    if (joined.size === 0) return out;
    // All awaited together, so a read that fails is heard even when another failed first.
    for (const found of await Promise.all(joined)) {
      // A joined read may have found keys another caller asked for: only those asked for here are answered.
      for (const [k, m] of found) if (asked.has(k)) out.set(k, m);
    }
    return out;
  }

  /** Reads these keys once, however many callers ask for them meanwhile. */
  private read(keys: string[]): Promise<Map<string, TrackedMessage>> {
    const read = this.store.tracking.messagesByKeys(keys).then((messages) => {
      const found = new Map<string, TrackedMessage>();
      for (const m of messages) {
        found.set(m.trackKey, m);
        // A message not yet recorded as sent is not cached: its time and `sent` record are still to come.
        if (m.sentAt === null) continue;
        this.cache.set(m.trackKey, m);
        if (this.cache.size > this.size) this.cache.delete(this.cache.keys().next().value!);
      }
      return found;
    });
    // Done, or failed (every caller gets the error): the next ask reads again. No other read of these keys
    // can have started meanwhile (`many` joins this one), so their entries are this read's.
    const settled = read.finally(() => {
      for (const k of keys) this.reading.delete(k);
    });
    for (const k of keys) this.reading.set(k, settled);
    return settled;
  }
}
