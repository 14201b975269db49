import { randomBytes } from 'node:crypto';
import type { CreateUserBody, UpdateUserBody, User, UserRole, UserStatus } from '@blinkpost/contract';
import { AppError, invalid, notFound } from '../domain/app-error.js';
import { emailKey, emailProblem } from '../domain/email-address.js';
import { hashPassword } from '../domain/password-hash.js';
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

/** The shortest password `setPassword` takes. */
export const MIN_PASSWORD_LENGTH = 10;

/** A password that was just set: shown once when it was made here rather than given. */
export interface PasswordSet {
  email: string;
  workspaceName: string;
  /** the generated password; undefined when the caller gave one */
  generated?: string;
}

/**
 * The people of a workspace (SalesBlink's team members). Blinkpost sends no invitation: a user is
 * `invited` until a password is set (`blinkpost users set-password`), then `active` and may sign in
 * to the dashboard.
 */
export class UserService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly random: (n: number) => Uint8Array = randomBytes,
  ) {}

  /**
   * On an install where nobody can sign in yet, makes `email` an admin user of the oldest workspace
   * with a random password (an existing user with that email there becomes that admin). Answers the
   * password, known only now; undefined when someone can already sign in or there is no workspace.
   */
  async ensureFirstAdmin(email: string): Promise<PasswordSet | undefined> {
    if (await this.store.users.anyWithPassword()) return undefined;
    const ws = await this.store.workspaces.oldest();
    if (!ws) return undefined;
    const now = this.clock.now();
    const key = emailKey(email);
    const existing = async () => (await this.store.users.withEmail(key)).find((u) => u.workspaceId === ws.id);
    const user =
      (await existing()) ??
      (await this.store.users.insert(
        ws.id,
        { email: email.trim(), emailKey: key, name: 'Admin', role: 'admin', status: 'invited', inviteUrl: '' },
        now,
      )) ??
      (await existing());
    if (!user) return undefined;
    const password = this.newPassword();
    const hash = await hashPassword(password, this.random(16));
    // Only when still unset: of two processes starting at once, one hands out the password.
    const won = await this.store.users.setPassword(user.id, hash, now, { role: 'admin', onlyIfUnset: true });
    return won ? { email: user.email, workspaceName: ws.name, generated: password } : undefined;
  }

  /**
   * Sets the password of the user with this email (generating one when `password` is undefined) and
   * ends their sessions. `workspace` (a name) picks the user when the email is in several workspaces.
   */
  async setPassword(email: string, password: string | undefined, workspace?: string): Promise<PasswordSet> {
    if (password !== undefined && password.length < MIN_PASSWORD_LENGTH) {
      throw invalid('password', `must be at least ${MIN_PASSWORD_LENGTH} characters`);
    }
    const users = await this.store.users.withEmail(emailKey(email));
    const named = await Promise.all(
      users.map(async (u) => ({ user: u, ws: (await this.store.workspaces.get(u.workspaceId))?.name ?? '' })),
    );
    const matching = workspace === undefined ? named : named.filter((n) => n.ws === workspace);
    const only = matching[0];
    if (!only) {
      const where = workspace === undefined ? '' : ` in workspace ${JSON.stringify(workspace)}`;
      throw new AppError('not_found', `No user with the email ${JSON.stringify(email.trim())}${where}`);
    }
    if (matching.length > 1) {
      const names = matching.map((n) => JSON.stringify(n.ws)).join(', ');
      throw invalid('workspace', `is needed: ${email.trim()} is a user of several workspaces (${names})`);
    }
    const secret = password ?? this.newPassword();
    const generated = password === undefined ? secret : undefined;
    const hash = await hashPassword(secret, this.random(16));
    await this.store.users.setPassword(only.user.id, hash, this.clock.now());
    await this.store.sessions.deleteForUser(only.user.id);
    return { email: only.user.email, workspaceName: only.ws, ...(generated ? { generated } : {}) };
  }

  // 18 random bytes: 24 characters of base64url, 144 bits.
  private newPassword(): string {
    return Buffer.from(this.random(18)).toString('base64url');
  }

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
