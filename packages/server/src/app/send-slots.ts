/**
 * A counting semaphore for the sends handed to SMTP. The engine prepares and reserves more steps than it
 * sends at once, so the database round trips of the next steps overlap the SMTP conversations of the
 * current ones; the slots keep the conversations themselves at the configured concurrency.
 */
export class SendSlots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(size: number) {
    this.free = Math.max(1, size);
  }

  /** Runs `work` in a slot, waiting for one to be free first. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free -= 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await work();
    } finally {
      // The slot passes straight to the next waiter, so a newcomer cannot take it in between.
      const next = this.waiting.shift();
      if (next) next();
      else this.free += 1;
    }
  }
}
