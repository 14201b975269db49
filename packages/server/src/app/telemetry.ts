import type { EngagementCount } from './engagement-announcer.js';
import type { InboundOutcome } from './inbox.js';
import type { PassReport } from './sending.js';
import type { DeliveryPass } from './webhook-delivery.js';

/**
 * What the server counts for `/metrics`. Each call is an addition in memory, cheap enough for the
 * busiest paths; the counts are per process (a scrape sees this process's engine, tracker and poller).
 */
export interface Telemetry {
  /** one engine pass: what it did and how long it took */
  enginePass(report: PassReport, seconds: number): void;
  /** opens, clicks and unsubscribes once written, people and machines apart */
  engagements(counts: readonly EngagementCount[]): void;
  /** one webhook dispatcher pass */
  webhookPass(pass: DeliveryPass): void;
  /** one message read from a sender's mailbox, and what became of it */
  inbound(outcome: InboundOutcome): void;
}

/** Counts nothing: tests and tools that build parts of the server without `/metrics`. */
export const noTelemetry: Telemetry = {
  enginePass: () => undefined,
  engagements: () => undefined,
  webhookPass: () => undefined,
  inbound: () => undefined,
};
