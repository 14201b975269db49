import type { SequenceSummary } from '@blinkpost/contract';
import { isoTime } from '../domain/time-filter.js';
import type { SequenceRecord } from '../store/sequence.repo.js';
import type { Store } from '../store/store.js';
import type { Principal } from './ports.js';

/** A stored sequence in the shape the legacy list answers. */
export const toSequenceSummary = (s: SequenceRecord): SequenceSummary => ({
  id: s.id,
  sequence_id: s.id,
  name: s.name,
  status: s.status,
  paused: s.paused,
  archived: s.archived,
  starred: s.starred,
  created_at: isoTime(s.createdAt),
  last_modified: isoTime(s.lastModified),
  owned_by: s.ownedBy,
  sent: s.sent,
  opens: s.opens,
  clicks: s.clicks,
  replies: s.replies,
});

/** Sequences (the engine that fills them arrives with the sending issue). */
export class SequenceService {
  constructor(private readonly store: Store) {}

  /** The caller's sequences, latest first. */
  async list(p: Principal): Promise<SequenceSummary[]> {
    return (await this.store.sequences.list(p.workspaceId)).map(toSequenceSummary);
  }
}
