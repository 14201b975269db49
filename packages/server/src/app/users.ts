import type { CreateUserBody, UpdateUserBody, User, UserRole, UserStatus } from '@blinkpost/contract';
import { AppError, invalid, notFound } from '../domain/app-error.js';
import { emailKey, emailProblem } from '../domain/email-address.js';
import { isoTime } from '../domain/time-filter.js';
import type { Listing } from '../store/listing.js';
import type { Store } from '../store/store.js';
import type { UserRecord } from '../store/user.repo.js';
import type { Clock, Principal } from './ports.js';

const toApiUser = (u: UserRecord): User => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role as UserRole,
  status: u.status as UserStatus,
  url: u.inviteUrl,
  created_at: isoTime(u.createdAt),
  last_modified: isoTime(u.lastModified),
});

/**
 * The people of a workspace (SalesBlink's team members). A record only for now: Blinkpost sends no
 * invitation and has no sign-in yet, so every user stays `invited` until the dashboard adds sign-in.
 */
export class UserService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** The workspace's users, latest first. */
  async list(p: Principal, listing: Listing): Promise<User[]> {
    return (await this.store.users.list(p.workspaceId, listing)).map(toApiUser);
  }

  /** Invites a person; a second user with the same email (ignoring case) is a 409. */
  async create(p: Principal, body: CreateUserBody): Promise<User> {
    const email = body.email.trim();
    const problem = emailProblem(email);
    if (problem) throw invalid('email', problem);
    const user = await this.store.users.insert(
      p.workspaceId,
      {
        email,
        emailKey: emailKey(email),
        name: body.name?.trim() ?? '',
        role: body.role ?? 'user',
        status: 'invited',
        inviteUrl: body.url?.trim() ?? '',
      },
      this.clock.now(),
    );
    if (!user) throw new AppError('conflict', `A user with the email ${JSON.stringify(email)} already exists`);
    return toApiUser(user);
  }

  /** Changes a user's name or role; a body with neither is a 400. */
  async update(p: Principal, id: string, body: UpdateUserBody): Promise<User> {
    if (body.name === undefined && body.role === undefined) throw invalid('name', 'or role is required');
    const set = {
      ...(body.name !== undefined ? { name: body.name.trim() } : {}),
      ...(body.role !== undefined ? { role: body.role } : {}),
    };
    if (!(await this.store.users.update(p.workspaceId, id, set, this.clock.now()))) throw notFound('User', id);
    const user = await this.store.users.get(p.workspaceId, id);
    if (!user) throw notFound('User', id);
    return toApiUser(user);
  }
}
