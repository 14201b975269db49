import {
  LIST_SETTINGS,
  type CreateListBody,
  type List,
  type ListSetting,
  type UpdateListBody,
} from '@blinkpost/contract';
import { invalid, notFound } from '../domain/app-error.js';
import { isoTime } from '../domain/time-filter.js';
import type { ListChange, ListFilter, ListRecord } from '../store/list.repo.js';
import type { Listing } from '../store/listing.js';
import type { Store } from '../store/store.js';
import { checkedFolder } from './folders.js';
import type { Clock, Principal } from './ports.js';

/** A stored list in the shape the API answers. */
export const toApiList = (l: ListRecord): List => ({
  id: l.id,
  name: l.name,
  contacts_count: l.contactsCount,
  created_at: isoTime(l.createdAt),
  last_modified: isoTime(l.lastModified),
  archived: l.archived,
  starred: l.starred,
  owned_by: l.ownedBy,
  fields: l.fields,
  folder: l.folder,
  integration: l.integration,
  ...settingsOf(l),
});

/** A list's settings, each one false until set. */
function settingsOf(l: ListRecord): Record<ListSetting, boolean> {
  return Object.fromEntries(LIST_SETTINGS.map((f) => [f, l.settings[f] === true])) as Record<ListSetting, boolean>;
}

// SalesBlink's verification flags can be turned on, never off.
const ONE_WAY: readonly ListSetting[] = ['verification', 'archive_invalid', 'archive_risky'];

/** Lists of leads. */
export class ListService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** The caller's lists, latest first; archived ones included and flagged. */
  async list(p: Principal, listing: Listing = {}, filter: ListFilter = {}): Promise<List[]> {
    return (await this.store.lists.list(p.workspaceId, listing, filter)).map(toApiList);
  }

  /** Changes a list's name, folder, star or settings; `archived` and unknown keys are ignored. */
  async update(p: Principal, id: string, body: UpdateListBody): Promise<List> {
    const list = await this.require(p, id);
    const change: ListChange = {};
    if (body.name !== undefined) {
      const name = body.name.trim();
      if (name === '') throw invalid('name', 'must not be blank');
      change.name = name;
    }
    const folder = await checkedFolder(this.store, p.workspaceId, body.folder);
    if (folder !== undefined) change.folder = folder;
    if (body.starred !== undefined) change.starred = body.starred;
    const settings = settingsOf(list);
    let touched = false;
    for (const f of LIST_SETTINGS) {
      const value = body[f];
      if (value === undefined) continue;
      if (ONE_WAY.includes(f) && settings[f] && !value) throw invalid(f, 'can be turned on but never off');
      settings[f] = value;
      touched = true;
    }
    if (touched) change.settings = settings;
    const updated = await this.store.lists.update(p.workspaceId, id, change, this.clock.now());
    if (!updated) throw notFound('list', id);
    return toApiList(updated);
  }

  /** Archives a list (its leads are no longer enrolled in sequences) or brings it back. */
  async setArchived(p: Principal, id: string, archived: boolean): Promise<void> {
    if (!(await this.store.lists.setArchived(p.workspaceId, id, archived, this.clock.now())))
      throw notFound('list', id);
  }

  /** One list; 404 for an unknown id or another workspace's. */
  async get(p: Principal, id: string): Promise<List> {
    return toApiList(await this.require(p, id));
  }

  /** Creates an empty list; `folder`, `starred` and the settings of PATCH may be given at once. */
  async create(p: Principal, body: CreateListBody): Promise<List> {
    const name = body.name.trim();
    if (name === '') throw invalid('name', 'must not be blank');
    const folder = (await checkedFolder(this.store, p.workspaceId, body.folder)) ?? '';
    // Folder and settings go in with the row: one insert, so no list exists without what it was created with.
    const settings = Object.fromEntries(LIST_SETTINGS.flatMap((f) => (body[f] === undefined ? [] : [[f, body[f]]])));
    const rec = await this.store.lists.create(
      { workspaceId: p.workspaceId, name, starred: body.starred ?? false, ownedBy: p.workspaceName, folder, settings },
      this.clock.now(),
    );
    return toApiList(rec);
  }

  /** The stored list, or the 404 every route answers. */
  async require(p: Principal, id: string): Promise<ListRecord> {
    const list = await this.store.lists.get(p.workspaceId, id);
    if (!list) throw notFound('list', id);
    return list;
  }
}
