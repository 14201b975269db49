import type { CreateFolderBody, Folder, FolderType } from '@blinkpost/contract';
import { AppError, invalid } from '../domain/app-error.js';
import { isoTime } from '../domain/time-filter.js';
import type { FolderRecord } from '../store/folder.repo.js';
import type { Listing } from '../store/listing.js';
import type { Store } from '../store/store.js';
import type { Clock, Principal } from './ports.js';

const toApiFolder = (f: FolderRecord): Folder => ({
  id: f.id,
  name: f.name,
  type: f.type as FolderType,
  owned_by: '',
  created_at: isoTime(f.createdAt),
  last_modified: isoTime(f.lastModified),
});

/** Folders: `general` ones group lists, templates and sequences; `email-sender` ones group senders. */
export class FolderService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** The workspace's folders, latest first; `type` all (default), general or email-sender. */
  async list(p: Principal, listing: Listing & { type?: 'all' | FolderType | undefined }): Promise<Folder[]> {
    const type = listing.type === 'all' ? undefined : listing.type;
    return (await this.store.folders.list(p.workspaceId, { ...listing, type })).map(toApiFolder);
  }

  /** Adds a folder. The older per-resource types (list, template, sequence) make a general folder. */
  async create(p: Principal, body: CreateFolderBody): Promise<Folder> {
    const name = body.name.trim();
    if (name === '') throw invalid('name', 'is empty');
    const type: FolderType = body.type === 'email-sender' ? 'email-sender' : 'general';
    return toApiFolder(await this.store.folders.insert(p.workspaceId, { name, type }, this.clock.now()));
  }
}

/**
 * Checks the `folder` a list, template or sequence is given (trimmed; `""` takes it out of its folder):
 * a folder of another workspace, or none at all, is a 404 like any unknown id; a folder of the other
 * kind is a 400 naming `folder`. Answers the trimmed id, or `undefined` when none was given.
 */
export async function checkedFolder(
  store: Store,
  workspaceId: string,
  folder: string | undefined,
  kind: FolderType = 'general',
): Promise<string | undefined> {
  const id = folder?.trim();
  if (!id) return id;
  const found = await store.folders.get(workspaceId, id);
  if (!found) throw new AppError('not_found', `folder ${JSON.stringify(id)} was not found`);
  if (found.type !== kind) {
    const holds = kind === 'general' ? 'lists, templates and sequences' : 'senders';
    throw invalid('folder', `names a ${found.type} folder; ${holds} go in ${kind} folders`);
  }
  return id;
}
