/** How a group commit gathers its batches. */
export interface GroupCommitOptions {
  /** the most items one transaction takes */
  maxBatch: number;
  /**
   * How long the first item of a batch waits for company. 0 waits one turn of the event loop, for
   * callers that wait for the commit. A writer nobody waits for (the engine's sent records) lingers
   * longer: on SQLite a commit costs ~0.2 ms whatever it holds, and sends finish one at a time.
   */
  lingerMs: number;
}

/**
 * Group commit: items that arrive while one batch is being written wait and go together in the next
 * transaction, so a busy engine (or tracker) pays for one transaction per batch instead of one per item.
 * `add` resolves with the item's own result once its batch is committed, or rejects with the batch's error.
 */
export class GroupCommit<T, R = void> {
  private queue: { item: T; resolve: (r: R) => void; reject: (err: unknown) => void }[] = [];
  private running: Promise<void> | undefined;
  /** ends the current linger early (a full batch, or a flush) */
  private wake: (() => void) | undefined;
  private readonly opts: GroupCommitOptions;

  /** `write` answers one result per item, in order (nothing for a `void` batch). */
  constructor(
    private readonly write: (items: T[]) => Promise<R[] | void>,
    opts: Partial<GroupCommitOptions> = {},
  ) {
    this.opts = { maxBatch: 500, lingerMs: 0, ...opts };
  }

  /** Queues one item; resolves when it is committed. */
  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.queue.length >= this.opts.maxBatch) this.wake?.();
      this.start();
    });
  }

  /** Resolves when everything queued so far is committed (or has failed); a lingering batch goes at once. */
  async flush(): Promise<void> {
    while (this.running) {
      this.wake?.();
      await this.running;
    }
  }

  private start(): void {
    if (this.running) return;
    // One turn of the event loop (or the linger) lets the other items that arrive together join the batch.
    this.running = new Promise<void>((resolve) => {
      if (this.opts.lingerMs <= 0) {
        setImmediate(resolve);
        return;
      }
      const timer = setTimeout(resolve, this.opts.lingerMs);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    })
      .then(() => {
        this.wake = undefined;
        return this.drain();
      })
      .finally(() => {
        this.running = undefined;
        if (this.queue.length > 0) this.start();
      });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.opts.maxBatch);
      try {
        const results = await this.write(batch.map((b) => b.item));
        batch.forEach((b, i) => b.resolve((results ? results[i] : undefined) as R));
      } catch (err) {
        for (const b of batch) b.reject(err);
      }
    }
  }
}
