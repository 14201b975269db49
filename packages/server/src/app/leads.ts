import {
  STANDARD_CONTACT_FIELDS,
  type StandardContactField,
  type Lead,
  type LeadActivityQuery,
  type ListLeadsQuery,
  type ActivityRecord,
} from '@blinkpost/contract';
import { invalid, notFound } from '../domain/app-error.js';
import { columnName } from '../domain/contact-fields.js';
import { emailKey, emailProblem } from '../domain/email-address.js';
import { applyLeadPatch } from '../domain/lead-update.js';
import { offsetWindow, type PageWindow } from '../domain/paging.js';
import { isoTime, parseTimeFilter } from '../domain/time-filter.js';
import type { ActivityFilter } from '../store/activity.repo.js';
import type { LeadRecord } from '../store/lead.repo.js';
import type { Store } from '../store/store.js';
import { toActivityRecord } from './activity.js';
import type { BlocklistService, Unsubscribed } from './blocklist.js';
import type { ListService } from './lists.js';
import type { Clock, Principal } from './ports.js';
import type { SequenceService } from './sequences.js';

/** Largest page of a list's leads and of a lead's activity. */
export const MAX_LEADS_PAGE = 500;
const DEFAULT_ACTIVITY_PAGE = 100;

/** A stored lead in the shape the API answers: standard fields in both casings, every one a string. */
export function toApiLead(l: LeadRecord, ownedBy: string): Lead {
  const fields: Record<string, string> = {};
  for (const f of STANDARD_CONTACT_FIELDS) {
    const value = f === 'Email' ? l.email : (l.standard[f] ?? '');
    fields[f] = value;
    fields[columnName(f)] = value;
  }
  return {
    id: l.id,
    _id: l.id,
    list_id: l.listId,
    owned_by: ownedBy,
    accuracy: '',
    status: l.status,
    archived: l.archived,
    starred: l.starred,
    created_at: isoTime(l.createdAt),
    last_modified: isoTime(l.lastModified),
    custom_fields: { ...l.custom },
    // Every standard field in both casings, filled above.
    ...(fields as Pick<Lead, StandardContactField | Lowercase<StandardContactField>>),
  };
}

/** A lead's activity page, the lead, and the window. */
export interface LeadActivity {
  data: ActivityRecord[];
  lead: Lead;
  total: number;
  window: PageWindow;
}

/** Reading, editing, moving, archiving and unsubscribing single leads, and a list's leads. */
export class LeadService {
  constructor(
    private readonly store: Store,
    private readonly lists: ListService,
    private readonly sequences: SequenceService,
    private readonly blocklist: BlocklistService,
    private readonly clock: Clock,
  ) {}

  /** One page of a list's leads, filtered; `owned_by` other than the list's owner finds none. */
  async ofList(p: Principal, listId: string, q: ListLeadsQuery): Promise<{ data: Lead[]; window: PageWindow }> {
    const list = await this.lists.require(p, listId);
    if (q.sequence !== undefined) await this.sequences.require(p, q.sequence);
    const window = offsetWindow(MAX_LEADS_PAGE, q.limit, q.skip);
    if (q.owned_by !== undefined && q.owned_by !== list.ownedBy) return { data: [], window };
    const rows = await this.store.leads.listOf(listId, {
      search: q.search,
      archived: q.archived ?? false,
      ascending: q.sort === 'asc',
      sequenceId: q.sequence,
      status: q.status,
      offset: window.offset,
      limit: window.limit,
    });
    return { data: rows.map((r) => toApiLead(r, list.ownedBy)), window };
  }

  /** Changes a lead's fields and star; new field names become columns of its list. */
  async update(p: Principal, id: string, body: Record<string, unknown>): Promise<Lead> {
    const lead = await this.require(p, id);
    const change = applyLeadPatch(lead, body);
    await this.store.leads.update(
      lead,
      {
        ...(change.email !== lead.email ? { email: { email: change.email, emailKey: emailKey(change.email) } } : {}),
        standard: change.standard,
        custom: change.custom,
        ...(change.starred !== undefined ? { starred: change.starred } : {}),
        columns: change.columns,
      },
      this.clock.now(),
    );
    return this.view(p, await this.require(p, id));
  }

  /** Moves a lead to another list; its columns join the destination's. */
  async move(p: Principal, id: string, toListId: string): Promise<void> {
    const lead = await this.require(p, id);
    await this.lists.require(p, toListId);
    const columns = [...Object.keys(lead.standard).map(columnName), ...Object.keys(lead.custom)];
    await this.store.leads.move(lead, toListId, columns, this.clock.now());
  }

  /** Archives a lead (its pending steps in every sequence stop) or brings it back. */
  async setArchived(p: Principal, id: string, archived: boolean): Promise<void> {
    const lead = await this.require(p, id);
    const now = this.clock.now();
    await this.store.leads.setArchived(lead.id, archived, now);
    if (archived) await this.store.enrollments.stopForLeads([lead.id], 'archived', now);
  }

  /** The lead's address joins the blocklist; every lead with it is unsubscribed and its pending steps stop. */
  async unsubscribe(p: Principal, id: string): Promise<Unsubscribed> {
    const lead = await this.require(p, id);
    return this.blocklist.unsubscribeRecipient(p.workspaceId, lead.email);
  }

  /** The activity of a lead's address, latest first. */
  async activity(p: Principal, id: string, q: LeadActivityQuery): Promise<LeadActivity> {
    return this.activityOf(p, await this.require(p, id), q);
  }

  /** The activity of an address, with the workspace's latest lead of that address. */
  async activityByEmail(p: Principal, email: string, q: LeadActivityQuery): Promise<LeadActivity> {
    const problem = emailProblem(email.trim());
    if (problem) throw invalid('email', problem);
    const lead = await this.store.leads.latestByEmail(p.workspaceId, emailKey(email));
    if (!lead) throw notFound('lead', email);
    return this.activityOf(p, lead, q);
  }

  private async activityOf(p: Principal, lead: LeadRecord, q: LeadActivityQuery): Promise<LeadActivity> {
    if (q.sequence_id !== undefined) await this.sequences.require(p, q.sequence_id);
    const from = parseTimeFilter('from', q.from);
    const to = parseTimeFilter('to', q.to);
    const filter: ActivityFilter = {
      workspaceId: p.workspaceId,
      kind: ['sent', 'open', 'click', 'reply', 'bounce'],
      recipientKey: emailKey(lead.email),
      ...(q.sequence_id !== undefined ? { sequenceId: q.sequence_id } : {}),
      ...(from !== undefined ? { from } : {}),
      ...(to !== undefined ? { to } : {}),
    };
    const window = offsetWindow(MAX_LEADS_PAGE, q.limit ?? DEFAULT_ACTIVITY_PAGE, q.skip);
    const rows = await this.store.activity.page(filter, window.offset, window.limit);
    const total = await this.store.activity.count(filter);
    return { data: rows.map(toActivityRecord), lead: await this.view(p, lead), total, window };
  }

  private async view(p: Principal, lead: LeadRecord): Promise<Lead> {
    const list = await this.store.lists.get(p.workspaceId, lead.listId);
    return toApiLead(lead, list?.ownedBy ?? p.workspaceName);
  }

  /** A live lead of the workspace, or the 404 every route answers. */
  private async require(p: Principal, id: string): Promise<LeadRecord> {
    const lead = await this.store.leads.get(p.workspaceId, id);
    if (!lead || lead.removedAt !== null) throw notFound('lead', id);
    return lead;
  }
}
