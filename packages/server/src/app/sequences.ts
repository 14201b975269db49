import type {
  CreateSequenceBody,
  SequenceDetail,
  SequenceStatusBody,
  SequenceStep,
  SequenceSummary,
  UpdateSequenceBody,
} from '@blinkpost/contract';
import { AppError, notFound } from '../domain/app-error.js';
import { checkSettings, checkSteps, SEQUENCE_DEFAULTS, splitSenders, templateRefs } from '../domain/sequence-rules.js';
import { launchInstant, type LaunchSettings } from '../domain/send-time/index.js';
import { isoTime } from '../domain/time-filter.js';
import type { SequenceFilter, SequenceRecord } from '../store/sequence.repo.js';
import type { Store } from '../store/store.js';
import { checkedFolder } from './folders.js';
import type { Clock, Principal } from './ports.js';

/** Whether ids named in a sequence body exist in the caller's workspace (senders and templates live elsewhere). */
export interface SequenceRefs {
  senderExists(workspaceId: string, id: string): Promise<boolean>;
  templateExists(workspaceId: string, id: string): Promise<boolean>;
}

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

// Fields of the body that are columns or links, not settings.
const NOT_SETTINGS = new Set(['name', 'senders', 'lists', 'paused', 'starred', 'archived', 'folder_id']);

function settingsOf(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) if (!NOT_SETTINGS.has(k) && v !== undefined) out[k] = v;
  return out;
}

/** Sequences: the v1 CRUD, status changes and clones; the engine runs them. */
export class SequenceService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly refs: SequenceRefs,
  ) {}

  /** The caller's sequences, latest first, as the legacy list shows them. */
  async list(p: Principal, f: SequenceFilter = {}): Promise<SequenceSummary[]> {
    return (await this.store.sequences.list(p.workspaceId, f)).map(toSequenceSummary);
  }

  /** One sequence with every setting. */
  async get(p: Principal, id: string): Promise<SequenceDetail> {
    return this.detail(await this.require(p, id));
  }

  /** Creates a sequence; paused (a draft) unless `paused: false` starts it. */
  async create(p: Principal, body: CreateSequenceBody): Promise<SequenceDetail> {
    const senderIds = splitSenders(body.senders);
    if (senderIds.length === 0) throw new AppError('invalid_request', 'senders must name at least one sender id');
    const settings = { ...SEQUENCE_DEFAULTS, ...settingsOf(body), ...(await this.folderOf(p, body)) };
    await this.check(p, settings, body.steps, body.lists, senderIds);
    const now = this.clock.now();
    const start = body.paused === false;
    const rec = await this.store.sequences.create(
      {
        workspaceId: p.workspaceId,
        name: body.name.trim(),
        ownedBy: p.workspaceName,
        status: start ? 'running' : 'draft',
        paused: !start,
        starred: body.starred ?? false,
        settings: start ? { ...settings, launchAt: this.launchAt(settings, now) } : settings,
        listIds: body.lists,
        senderIds,
      },
      now,
    );
    return this.detail(rec);
  }

  /** Changes a sequence: any create field; `steps` replaces them all; `archived` is ignored (use archive). */
  async update(p: Principal, id: string, body: UpdateSequenceBody): Promise<SequenceDetail> {
    const current = await this.require(p, id);
    const links = await this.store.sequences.links(id);
    const senderIds = body.senders !== undefined ? splitSenders(body.senders) : links.senderIds;
    if (senderIds.length === 0) throw new AppError('invalid_request', 'senders must name at least one sender id');
    const patch = { ...settingsOf(body), ...(await this.folderOf(p, body)) };
    delete patch['archived'];
    const settings = { ...current.settings, ...patch };
    const steps = (settings['steps'] ?? []) as SequenceStep[];
    await this.check(p, settings, steps, body.lists ?? links.listIds, senderIds);
    const now = this.clock.now();
    const rec = await this.store.sequences.update(
      p.workspaceId,
      id,
      {
        ...(body.name !== undefined ? { name: body.name.trim() } : {}),
        ...(body.starred !== undefined ? { starred: body.starred } : {}),
        settings,
        ...(body.lists !== undefined ? { listIds: body.lists } : {}),
        ...(body.senders !== undefined ? { senderIds } : {}),
      },
      now,
    );
    if (body.paused === false) return this.setRunning(p, id, true);
    if (body.paused === true) return this.setRunning(p, id, false);
    return this.detail(rec ?? current);
  }

  /** SalesBlink's status switch: ACTIVE, PAUSED, STOPPED or ARCHIVED. */
  async setStatus(p: Principal, id: string, status: SequenceStatusBody['status']): Promise<SequenceDetail> {
    if (status === 'ACTIVE') return this.setRunning(p, id, true);
    if (status === 'PAUSED') return this.setRunning(p, id, false);
    if (status === 'ARCHIVED') {
      await this.archive(p, id, true);
      return this.get(p, id);
    }
    await this.require(p, id);
    const now = this.clock.now();
    await this.store.enrollments.stopPending(id, 'sequence stopped', now);
    return this.detail(
      (await this.store.sequences.update(p.workspaceId, id, { status: 'completed', paused: true }, now))!,
    );
  }

  /** Archives (pausing it and dropping pending steps) or restores a sequence. */
  async archive(p: Principal, id: string, archived: boolean): Promise<void> {
    await this.require(p, id);
    const now = this.clock.now();
    if (archived) {
      await this.store.enrollments.stopPending(id, 'sequence archived', now);
      await this.store.sequences.update(p.workspaceId, id, { archived: true, paused: true, status: 'archived' }, now);
    } else {
      await this.store.sequences.update(p.workspaceId, id, { archived: false, status: 'paused' }, now);
    }
  }

  /** Copies a sequence's settings, steps, lists and senders into a new, paused sequence. */
  async clone(p: Principal, id: string): Promise<string> {
    const source = await this.require(p, id);
    const links = await this.store.sequences.links(id);
    const settings = { ...source.settings };
    delete settings['launchAt'];
    const copy = await this.store.sequences.create(
      {
        workspaceId: p.workspaceId,
        name: `${source.name} (copy)`,
        ownedBy: p.workspaceName,
        starred: source.starred,
        settings,
        listIds: links.listIds,
        senderIds: links.senderIds,
      },
      this.clock.now(),
    );
    return copy.id;
  }

  /** The stored sequence, or the 404 every route answers. */
  async require(p: Principal, id: string): Promise<SequenceRecord> {
    const s = await this.store.sequences.get(p.workspaceId, id);
    if (!s) throw notFound('sequence', id);
    return s;
  }

  private async setRunning(p: Principal, id: string, running: boolean): Promise<SequenceDetail> {
    const s = await this.require(p, id);
    if (s.archived)
      throw new AppError('conflict', 'The sequence is archived; restore it before starting or pausing it');
    const now = this.clock.now();
    const settings =
      running && s.settings['launchAt'] === undefined
        ? { ...s.settings, launchAt: this.launchAt(s.settings, now) }
        : s.settings;
    const rec = await this.store.sequences.update(
      p.workspaceId,
      id,
      { paused: !running, status: running ? 'running' : 'paused', settings },
      now,
    );
    return this.detail(rec!);
  }

  /** The body's `folder`, checked to be a general folder of the workspace (nothing when not given). */
  private async folderOf(p: Principal, body: { folder?: string | undefined }): Promise<Record<string, unknown>> {
    const folder = await checkedFolder(this.store, p.workspaceId, body.folder);
    return folder === undefined ? {} : { folder };
  }

  private launchAt(settings: Record<string, unknown>, now: number): number {
    return launchInstant({ ...(settings as LaunchSettings), now });
  }

  private async check(
    p: Principal,
    settings: Record<string, unknown>,
    steps: SequenceStep[],
    listIds: string[],
    senderIds: string[],
  ): Promise<void> {
    checkSteps(steps);
    checkSettings(settings);
    for (const [i, listId] of listIds.entries()) {
      if (!(await this.store.lists.get(p.workspaceId, listId))) {
        throw new AppError('not_found', `lists[${i}]: list ${JSON.stringify(listId)} was not found`);
      }
    }
    for (const senderId of senderIds) {
      if (!(await this.refs.senderExists(p.workspaceId, senderId))) {
        throw new AppError('not_found', `senders: sender ${JSON.stringify(senderId)} was not found`);
      }
    }
    for (const ref of templateRefs(steps)) {
      if (!(await this.refs.templateExists(p.workspaceId, ref.id))) {
        throw new AppError('not_found', `${ref.field}: template ${JSON.stringify(ref.id)} was not found`);
      }
    }
  }

  private async detail(s: SequenceRecord): Promise<SequenceDetail> {
    const links = await this.store.sequences.links(s.id);
    const counts = await this.store.enrollments.countByStatus(s.id);
    const steps = (s.settings['steps'] ?? []) as SequenceStep[];
    const { launchAt, ...settings } = s.settings;
    return {
      ...settings,
      ...toSequenceSummary(s),
      senders: links.senderIds.join(','),
      lists: links.listIds,
      steps,
      flowchart: { steps: steps.map((step, i) => ({ id: `step-${i}`, index: i, ...step })) },
      lead_count: Object.values(counts).reduce((a, b) => a + b, 0),
      status_reason: s.statusReason,
      launched_at: typeof launchAt === 'number' ? isoTime(launchAt) : '',
    };
  }
}
