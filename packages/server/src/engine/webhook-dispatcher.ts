import { noTelemetry, type Telemetry } from '../app/telemetry.js';
import type { DeliveryPass } from '../app/webhook-delivery.js';
import type { WebhookService } from '../app/webhooks.js';
import type { EngineLog } from './engine.js';

/** How often the dispatcher looks for due deliveries. */
export interface DispatcherOptions {
  intervalMs: number;
}

export const DEFAULT_DISPATCHER_OPTIONS: DispatcherOptions = { intervalMs: 1_000 };

/**
 * The loop that sends webhook deliveries, started with the engine. Claims are safe across
 * processes (PostgreSQL skips locked rows), so every worker may run one; a failing pass is
 * logged and the loop goes on.
 */
export class WebhookDispatcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = true;

  constructor(
    private readonly webhooks: WebhookService,
    private readonly log: EngineLog,
    private readonly opts: DispatcherOptions = DEFAULT_DISPATCHER_OPTIONS,
    private readonly telemetry: Telemetry = noTelemetry,
  ) {}

  /** Starts the loop. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** One pass now; tests call this with a moved clock instead of waiting for the timer. */
  async tick(): Promise<DeliveryPass> {
    const pass = await this.webhooks.deliverDue();
    this.telemetry.webhookPass(pass);
    if (pass.delivered + pass.retrying + pass.failed > 0) this.log.info({ ...pass }, 'webhook pass');
    return pass;
  }

  /** Stops the loop and waits for the deliveries in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick()
        .catch((err: unknown) => this.log.error({ err }, 'webhook pass failed; retrying next tick'))
        .finally(() => {
          this.running = undefined;
          this.schedule(this.opts.intervalMs);
        });
    }, delay);
  }
}
