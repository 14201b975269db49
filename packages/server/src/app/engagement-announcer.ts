import type { Store } from '../store/store.js';
import type { Clock } from './ports.js';
import type { EngagementNotice } from './tracking-recorder.js';
import { queueWebhookEvents, type WebhookEmission } from './webhooks.js';

/** What /metrics counts of an engagement. */
export type EngagementCount = Pick<EngagementNotice, 'kind' | 'machine'>;

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
  count: (notices: readonly EngagementCount[]) => void,
): (notices: EngagementNotice[]) => Promise<void> {
  return async (notices) => {
    count(notices);
    await queueWebhookEvents(store, clock.now(), notices.map(engagementEmission));
  };
}
