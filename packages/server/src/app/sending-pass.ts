import type { EnrollmentRecord } from '../store/enrollment.repo.js';
import type { SequenceRecord } from '../store/sequence.repo.js';
import type { Store } from '../store/store.js';
import type { LeadView, SenderProfile, SendingDirectory, TemplateView } from './sending.js';

/**
 * What one engine pass reads once and shares among its sends: sequences, their senders and
 * templates, the claimed leads, and each sender's count toward today's cap when the pass began.
 * A pass lasts seconds; what changes meanwhile is re-checked where it matters, in the reserving
 * transaction (stop rules, sequence status, gap and cap), so these reads may be a pass old.
 */
export class PassCache {
  private readonly sequences = new Map<string, SequenceRecord>();
  private readonly senders = new Map<string, Promise<SenderProfile | undefined>>();
  private readonly senderIdsOf = new Map<string, Promise<string[]>>();
  private readonly templates = new Map<string, Promise<TemplateView | undefined>>();
  private readonly leads = new Map<string, LeadView>();
  private readonly counted = new Map<string, Promise<number>>();

  constructor(
    private readonly store: Store,
    private readonly directory: SendingDirectory,
  ) {}

  /** Sequences the pass has read already (the engine lists the active ones first). */
  addSequences(list: SequenceRecord[]): void {
    for (const s of list) this.sequences.set(s.id, s);
  }

  async sequence(workspaceId: string, id: string): Promise<SequenceRecord | undefined> {
    const known = this.sequences.get(id);
    if (known) return known;
    const read = await this.store.sequences.get(workspaceId, id);
    if (read) this.sequences.set(id, read);
    return read;
  }

  sender(workspaceId: string, id: string): Promise<SenderProfile | undefined> {
    return memo(this.senders, `${workspaceId}:${id}`, () => this.directory.sender(workspaceId, id));
  }

  /** A sender whose state changed during the pass (its login was refused) is seen so by the rest of it. */
  senderChanged(workspaceId: string, id: string, status: SenderProfile['status']): void {
    const key = `${workspaceId}:${id}`;
    const old = this.senders.get(key);
    if (old)
      this.senders.set(
        key,
        old.then((s) => s && { ...s, status }),
      );
  }

  senderIds(sequenceId: string): Promise<string[]> {
    return memo(this.senderIdsOf, sequenceId, async () => (await this.store.sequences.links(sequenceId)).senderIds);
  }

  template(workspaceId: string, id: string): Promise<TemplateView | undefined> {
    return memo(this.templates, `${workspaceId}:${id}`, () => this.directory.template(workspaceId, id));
  }

  /** Reads the leads of the claimed enrollments, one query per workspace. */
  async loadLeads(enrollments: EnrollmentRecord[]): Promise<void> {
    const byWorkspace = new Map<string, string[]>();
    for (const e of enrollments) {
      const ids = byWorkspace.get(e.workspace_id) ?? [];
      ids.push(e.lead_id);
      byWorkspace.set(e.workspace_id, ids);
    }
    for (const [workspaceId, ids] of byWorkspace) {
      for (const [id, lead] of await this.directory.leads(workspaceId, ids)) this.leads.set(id, lead);
    }
  }

  lead(id: string): LeadView | undefined {
    return this.leads.get(id);
  }

  /** The sender's count toward the cap of the local day starting at `dayStart`, as the pass first saw it. */
  countedAtStart(senderId: string, dayStart: number): Promise<number> {
    return memo(this.counted, `${senderId}:${dayStart}`, () => this.store.ledger.countedSince(senderId, dayStart));
  }
}

function memo<T>(map: Map<string, Promise<T>>, key: string, read: () => Promise<T>): Promise<T> {
  let found = map.get(key);
  if (!found) {
    found = read();
    map.set(key, found);
  }
  return found;
}
