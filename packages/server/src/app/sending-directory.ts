import type { LeadView, SenderProfile, SendingDirectory } from './sending.js';
import type { SenderService } from './senders.js';
import type { Store } from '../store/store.js';

/** The engine's view of senders, templates and leads, over the store and the sender service. */
export function createSendingDirectory(store: Store, senders: SenderService): SendingDirectory {
  return {
    sender: async (workspaceId, id): Promise<SenderProfile | undefined> => {
      const found = await senders.accounts(id);
      // A sequence names only its own workspace's senders; this guards against a stale or forged link.
      if (!found || found.sender.workspaceId !== workspaceId) return undefined;
      const s = found.sender;
      return {
        id: s.id,
        workspaceId: s.workspaceId,
        email: s.email,
        fromName: s.fromName,
        replyTo: s.replyTo,
        timeZone: s.timezone,
        dailyCap: s.maxEmailsPerDay,
        minGapMinutes: s.minGapMinutes,
        signature: s.signature,
        trackingUrl: s.trackingUrl,
        status: s.status,
        account: found.smtp,
      };
    },
    template: async (workspaceId, id) => {
      const t = await store.templates.get(workspaceId, id);
      return t && { name: t.name, subject: t.subjectLine, html: t.content };
    },
    leads: async (workspaceId, ids) => {
      const found = await store.leads.getMany(ids);
      const out = new Map<string, LeadView>();
      // Enrollments name their own workspace's leads; this guards against a stale or forged link.
      for (const l of found) {
        if (l.workspaceId === workspaceId) out.set(l.id, { email: l.email, standard: l.standard, custom: l.custom });
      }
      return out;
    },
    senderNeedsAttention: (_workspaceId, id, reason) => senders.markNeedsAttention(id, reason),
  };
}
