import type { Store } from '../store/store.js';
import type { Clock } from './ports.js';
import type { EngagementNotice } from './tracking-recorder.js';
import { queueWebhookEvents, type WebhookEmission } from './webhooks.js';

/** What /metrics counts of engagements: how many of one kind, by people or by machines. */
export interface EngagementCount {
  kind: EngagementNotice['kind'];
  machine: boolean;
  n: number;
}

/**
 * Engagements tallied by kind and machine: at most six counts for a batch of any size, so the tracking
 * thread posts a few numbers back to the serving thread, not an object per event for it to copy.
 */
export function engagementCounts(notices: readonly EngagementNotice[]): EngagementCount[] {
  const counts: EngagementCount[] = [];
  for (const { kind, machine: flag } of notices) {
    const machine = flag === true;
    const count = counts.find((c) => c.kind === kind && c.machine === machine);
    if (count) count.n += 1;
    else counts.push({ kind, machine, n: 1 });
  }
  return counts;
}

/** An engagement as a webhook event: what happened, to whom, from which message, and whether a person did it. */
export function engagementEmission(n: EngagementNotice): WebhookEmission {
  return {
    workspaceId: n.workspaceId,
    event: n.kind,
    data: () => ({
      email: n.email,
      time: new Date(n.at).toISOString(),
      ...(n.message
        ? {
            sequence_id: n.message.sequenceId,
            lead_id: n.message.leadId,
            message_id: n.message.messageId,
            subject: n.message.subject,
            step: n.message.emailNumber,
          }
        : {}),
      ...(n.machine !== undefined ? { machine: n.machine, machine_reason: n.machineReason ?? '' } : {}),
      ...(n.url !== undefined ? { url: n.url } : {}),
    }),
  };
}

/**
 * Announces opens, clicks and unsubscribes: counted (for /metrics) and queued for the workspace's
 * webhooks. The same on the tracking thread, whose counts travel back to the thread that serves /metrics.
 */
export function engagementAnnouncer(
  store: Store,
  clock: Clock,
  count: (counts: readonly EngagementCount[]) => void,
): (notices: EngagementNotice[]) => Promise<void> {
  return async (notices) => {
    count(engagementCounts(notices));
    await queueWebhookEvents(store, clock.now(), notices.map(engagementEmission));
  };
}
