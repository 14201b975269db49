import { randomUUID } from 'node:crypto';
import type { PassReport, SendingService } from '../app/sending.js';
import type { Clock } from '../app/ports.js';
import { noTelemetry, type Telemetry } from '../app/telemetry.js';
import type { Store } from '../store/store.js';

/** A logger the engine reports to (pino's shape). */
export interface EngineLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** How often the engine looks for work, and how its SQLite lease behaves. */
export interface EngineOptions {
  intervalMs: number;
  leaseMs: number;
}

export const DEFAULT_ENGINE_OPTIONS: EngineOptions = { intervalMs: 1_000, leaseMs: 30_000 };

const LEASE = 'engine';

/** Raised when another engine already runs on the same SQLite file. */
export class EngineBusyError extends Error {}

/**
 * The long-running loop around `SendingService.runOnce`. On SQLite one engine runs per database
 * file, held by a lease row it renews; on PostgreSQL any number run side by side (claims skip
 * locked rows). A failing pass is logged and the loop goes on: the engine never dies of one error.
 */
export class Engine {
  private readonly holder = randomUUID();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = true;

  constructor(
    private readonly store: Store,
    private readonly sending: SendingService,
    private readonly clock: Clock,
    private readonly log: EngineLog,
    private readonly opts: EngineOptions = DEFAULT_ENGINE_OPTIONS,
    /** other due work each pass does after sending (e.g. replies scheduled in the inbox); a failure is logged */
    private readonly chores: { name: string; run: () => Promise<unknown> }[] = [],
    private readonly telemetry: Telemetry = noTelemetry,
  ) {}

  /** Takes the SQLite lease (or fails with EngineBusyError) and starts the loop. */
  async start(): Promise<void> {
    if (this.store.db.dialect === 'sqlite') {
      const now = this.clock.now();
      if (!(await this.store.leases.acquire(LEASE, this.holder, now, now + this.opts.leaseMs))) {
        const lease = await this.store.leases.get(LEASE);
        const seconds = lease ? Math.max(1, Math.ceil((lease.expiresAt - now) / 1000)) : 0;
        throw new EngineBusyError(
          `another Blinkpost engine is running on this SQLite database; stop it first, or start this one with --no-engine ` +
            `(if it crashed, its lease expires in ${seconds} s). To run several workers, use PostgreSQL.`,
        );
      }
    }
    this.stopped = false;
    this.schedule(0);
  }

  /** One pass now; tests call this with a moved clock instead of waiting for the timer. */
  async tick(): Promise<PassReport | undefined> {
    if (this.store.db.dialect === 'sqlite') {
      const now = this.clock.now();
      if (!(await this.store.leases.acquire(LEASE, this.holder, now, now + this.opts.leaseMs))) {
        this.log.error({}, 'engine lease lost to another process; this engine stops sending');
        this.stopped = true;
        return undefined;
      }
    }
    const started = performance.now();
    const report = await this.sending.runOnce();
    this.telemetry.enginePass(report, (performance.now() - started) / 1000);
    for (const chore of this.chores) {
      await chore.run().catch((err: unknown) => this.log.error({ err }, `engine chore ${chore.name} failed`));
    }
    if (report.sent + report.failed + report.held + report.expired + report.enrolled > 0) {
      this.log.info({ ...report }, 'engine pass');
    }
    return report;
  }

  /** Stops taking work, waits for sends in flight, and gives the lease up. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    if (this.store.db.dialect === 'sqlite') await this.store.leases.release(LEASE, this.holder);
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick()
        .catch((err: unknown) => this.log.error({ err }, 'engine pass failed; retrying next tick'))
        .finally(() => {
          this.running = undefined;
          this.schedule(this.opts.intervalMs);
        });
    }, delay);
  }
}
