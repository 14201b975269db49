/**
 * A counting semaphore for the sends handed to SMTP. The engine prepares and reserves more steps than it
 * sends at once, so the database round trips of the next steps overlap the SMTP conversations of the
 * current ones; the slots keep the conversations themselves at the configured concurrency.
 *
 * A sender also has at most `perSender` sends in a slot: its mailer pool has that many connections,
 * and a send beyond them would wait in the pool while holding a slot another sender could use (with 16
 * slots over 8 senders of 3 connections, 1 send in 20 did so). A freed slot goes to the longest waiter
 * whose sender has a connection free.
 */
export class SendSlots {
  private free: number;
  private readonly waiting: { sender: string; go: () => void }[] = [];
  private readonly busy = new Map<string, number>();
  private readonly perSender: number;

  constructor(size: number, perSender = Infinity) {
    this.free = Math.max(1, size);
    this.perSender = Math.max(1, perSender);
  }

  /** Runs `work` for `sender` in a slot, waiting for one (and for one of the sender's connections) first. */
  async run<T>(sender: string, work: () => Promise<T>): Promise<T> {
    // A free slot is one no waiter could take (each release hands slots over first), so a newcomer that
    // may start takes it.
    if (this.free > 0 && this.mayStart(sender)) {
      this.take(sender);
    } else {
      await new Promise<void>((go) => this.waiting.push({ sender, go }));
    }
    try {
      return await work();
    } finally {
      this.free += 1;
      this.busy.set(sender, this.busy.get(sender)! - 1);
      this.handOver();
    }
  }

  private mayStart(sender: string): boolean {
    return (this.busy.get(sender) ?? 0) < this.perSender;
  }

  private take(sender: string): void {
    this.free -= 1;
    this.busy.set(sender, (this.busy.get(sender) ?? 0) + 1);
  }

  /** Passes free slots straight to waiters (taken here, so a newcomer cannot take them in between). */
  private handOver(): void {
    for (let i = 0; this.free > 0 && i < this.waiting.length;) {
      const w = this.waiting[i]!;
      if (!this.mayStart(w.sender)) {
        i += 1;
        continue;
      }
      this.waiting.splice(i, 1);
      this.take(w.sender);
      w.go();
    }
  }
}
