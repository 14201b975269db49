import type { CreateListBody, List } from '@blinkpost/contract';
import { invalid, notFound } from '../domain/app-error.js';
import { isoTime } from '../domain/time-filter.js';
import type { ListRecord } from '../store/list.repo.js';
import type { Listing } from '../store/listing.js';
import type { Store } from '../store/store.js';
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
});

/** Lists of leads. */
export class ListService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** The caller's lists, latest first; archived ones included and flagged. */
  async list(p: Principal, listing: Listing = {}): Promise<List[]> {
    return (await this.store.lists.list(p.workspaceId, listing)).map(toApiList);
  }

  /** One list; 404 for an unknown id or another workspace's. */
  async get(p: Principal, id: string): Promise<List> {
    return toApiList(await this.require(p, id));
  }

  /** Creates an empty list. */
  async create(p: Principal, body: CreateListBody): Promise<List> {
    const name = body.name.trim();
    if (name === '') throw invalid('name', 'must not be blank');
    const rec = await this.store.lists.create(
      { workspaceId: p.workspaceId, name, starred: body.starred ?? false, ownedBy: p.workspaceName },
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
