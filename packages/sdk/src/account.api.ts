import type {
  AccountVerification,
  ApiKeySummary,
  CreatedWorkspace,
  CreateUserBody,
  IssuedApiKey,
  KeyRole,
  ListUsersQuery,
  UpdateUserBody,
  User,
  Workspace,
} from '@blinkpost/contract';
import { everyRow, MAX_LISTING_PAGE } from './paging.js';
import { pathOf, type Requester } from './requester.js';

/** The key in use: whether it works, and whose it is. */
export class AccountApi {
  constructor(private readonly http: Requester) {}

  /** The key's workspace, name and role (SalesBlink's `auth verify`); a bad key is a 401 `ApiError`. */
  async verify(): Promise<AccountVerification> {
    return (await this.http.request<AccountVerification>('GET', '/account/verify')).data;
  }
}

/** API keys of the caller's workspace (admin keys only). Secrets are answered once, by create and refresh. */
export class KeysApi {
  constructor(private readonly http: Requester) {}

  /** The live keys, by their hints. */
  async list(): Promise<ApiKeySummary[]> {
    return (await this.http.request<ApiKeySummary[]>('GET', '/keys')).data;
  }

  /** Makes a key (admin unless `role` says member); keep `key` from the answer: it is not shown again. */
  async create(body: { name: string; role?: KeyRole }): Promise<IssuedApiKey> {
    return (await this.http.request<IssuedApiKey>('POST', '/keys', { body })).data;
  }

  /** Gives a key a new secret (same id and name); the old secret stops working. */
  async refresh(id: string): Promise<IssuedApiKey> {
    return (await this.http.request<IssuedApiKey>('POST', pathOf('keys', id, 'refresh'))).data;
  }

  /** Revokes a key; the key in use and the workspace's last admin key cannot be deleted (409). */
  async delete(id: string): Promise<ApiKeySummary> {
    return (await this.http.request<ApiKeySummary>('DELETE', pathOf('keys', id))).data;
  }
}

/** The people of the workspace; inviting and changing them takes an admin key. */
export class UsersApi {
  constructor(private readonly http: Requester) {}

  /** The workspace's users, latest first. */
  async list(query: ListUsersQuery = {}): Promise<User[]> {
    return (await this.http.request<User[]>('GET', '/users', { query })).data;
  }

  /** Every user matching `query`, page by page (`limit`: the page size). */
  all(query: Omit<ListUsersQuery, 'skip'> = {}): AsyncGenerator<User> {
    return everyRow(this.http, { path: '/users', query, limit: query.limit, max: MAX_LISTING_PAGE });
  }

  /** Invites a person (role `user` unless given). */
  async create(body: CreateUserBody): Promise<User> {
    return (await this.http.request<User>('POST', '/users', { body })).data;
  }

  /** Changes a user's name or role. */
  async update(id: string, body: UpdateUserBody): Promise<User> {
    return (await this.http.request<User>('PATCH', pathOf('users', id), { body })).data;
  }
}

/** Workspaces (admin keys only): a key sees its own; a new one comes with its first admin key. */
export class WorkspacesApi {
  constructor(private readonly http: Requester) {}

  /** The key's own workspace, as a list of one. */
  async list(): Promise<Workspace[]> {
    return (await this.http.request<Workspace[]>('GET', '/workspaces')).data;
  }

  /** Makes a workspace; keep `api_key.key` from the answer: it is the only way into it. */
  async create(name: string): Promise<CreatedWorkspace> {
    return (await this.http.request<CreatedWorkspace>('POST', '/workspaces', { body: { name } })).data;
  }

  /** Renames the key's workspace. */
  async rename(id: string, name: string): Promise<Workspace> {
    return (await this.http.request<Workspace>('PATCH', pathOf('workspaces', id), { body: { name } })).data;
  }
}
