import type { CreatedWorkspace, Workspace } from '@blinkpost/contract';
import { MIN_WORKSPACE_NAME } from '@blinkpost/contract';
import { AppError, invalid, notFound } from '../domain/app-error.js';
import { isoTime } from '../domain/time-filter.js';
import type { Store } from '../store/store.js';
import type { Workspace as WorkspaceRecord } from '../store/workspace.repo.js';
import type { KeyService } from './keys.js';
import type { Clock, Principal } from './ports.js';

const toApiWorkspace = (w: WorkspaceRecord): Workspace => ({
  id: w.id,
  name: w.name,
  created_at: isoTime(w.createdAt),
});

/**
 * Workspaces (SalesBlink's accounts). A key belongs to one workspace and sees only it, so the list
 * holds the caller's own; a new workspace comes with its first admin key, the only way into it.
 */
export class WorkspaceService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly keys: KeyService,
  ) {}

  /** The caller's workspace, as a list of one. */
  async list(p: Principal): Promise<Workspace[]> {
    const ws = await this.store.workspaces.get(p.workspaceId);
    return ws ? [toApiWorkspace(ws)] : [];
  }

  /** Makes a workspace and its first admin key (answered this once). Names are unique (409). */
  async create(
    p: Principal,
    body: { name?: string | undefined; workspaceName?: string | undefined },
  ): Promise<CreatedWorkspace> {
    const name = this.checkedName(body.name ?? body.workspaceName);
    await this.refuseTaken(name);
    const ws = await this.store.workspaces.create(name, this.clock.now());
    const key = await this.keys.issue(ws, 'admin', `first key (made by key ${p.keyId})`);
    const [summary] = (await this.keys.list(ws.id)).filter((k) => k.id === key.id);
    return {
      ...toApiWorkspace(ws),
      api_key: {
        id: key.id,
        name: summary?.name ?? '',
        role: key.role,
        key: key.key,
        created_at: summary?.created_at ?? isoTime(ws.createdAt),
        last_used_at: '',
      },
    };
  }

  /** Renames the caller's workspace; any other id is a 404, as if it did not exist. */
  async rename(p: Principal, id: string, rawName: string): Promise<Workspace> {
    if (id !== p.workspaceId) throw notFound('Workspace', id);
    const name = this.checkedName(rawName);
    const current = await this.store.workspaces.get(id);
    if (!current) throw notFound('Workspace', id);
    if (current.name !== name) await this.refuseTaken(name);
    await this.store.workspaces.rename(id, name);
    // Keys carry their workspace's name while cached; the new name shows on the next request.
    this.keys.forget();
    return toApiWorkspace({ ...current, name });
  }

  private checkedName(raw: string | undefined): string {
    const name = raw?.trim() ?? '';
    if (name === '') throw invalid('name', 'is required (or workspaceName)');
    if (name.length < MIN_WORKSPACE_NAME) throw invalid('name', `must be at least ${MIN_WORKSPACE_NAME} characters`);
    return name;
  }

  private async refuseTaken(name: string): Promise<void> {
    if (await this.store.workspaces.findByName(name)) {
      throw new AppError('conflict', `A workspace named ${JSON.stringify(name)} already exists; choose another name`);
    }
  }
}
