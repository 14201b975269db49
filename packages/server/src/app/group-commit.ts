/**
 * Group commit: items that arrive while one batch is being written wait and go together in the next
 * transaction, so a busy engine (or tracker) pays for one transaction per batch instead of one per item.
 * `add` resolves with the item's own result once its batch is committed, or rejects with the batch's error.
 */
export class GroupCommit<T, R = void> {
  private queue: { item: T; resolve: (r: R) => void; reject: (err: unknown) => void }[] = [];
  private running: Promise<void> | undefined;

  /** `write` answers one result per item, in order (nothing for a `void` batch). */
  constructor(
    private readonly write: (items: T[]) => Promise<R[] | void>,
    private readonly maxBatch = 500,
  ) {}

  /** Queues one item; resolves when it is committed. */
  add(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.start();
    });
  }

  /** Resolves when everything queued so far is committed (or has failed). */
  async flush(): Promise<void> {
    while (this.running) await this.running;
  }

  private start(): void {
    if (this.running) return;
    // One turn of the event loop lets the other items that arrive together join the batch.
    this.running = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.drain())
      .finally(() => {
        this.running = undefined;
        if (this.queue.length > 0) this.start();
      });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        const results = await this.write(batch.map((b) => b.item));
        batch.forEach((b, i) => b.resolve((results ? results[i] : undefined) as R));
      } catch (err) {
        for (const b of batch) b.reject(err);
      }
    }
  }
}
