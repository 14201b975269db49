import { randomBytes } from 'node:crypto';
import { USER_ROLES, type SessionInfo, type UserRole } from '@blinkpost/contract';
import { hashSecretToken as hashToken } from '../domain/api-key.js';
import { emailKey } from '../domain/email-address.js';
import { UNMATCHABLE_HASH, verifyPassword } from '../domain/password-hash.js';
import { SignInThrottle } from '../domain/sign-in-throttle.js';
import type { SessionRecord } from '../store/session.repo.js';
import type { Store } from '../store/store.js';
import type { Clock, Principal } from './ports.js';

/** A session lasts this long after its last use (sliding). */
export const SESSION_TTL_MS = 14 * 24 * 3_600_000;
// The expiry is moved forward at most once an hour per session, so reads do not write on every request.
const EXTEND_EVERY_MS = 3_600_000;

/** What a sign-in came to: a new session (its token is known only now), a wrong email or password, or a wait. */
export type SignInOutcome =
  | { ok: true; token: string; session: SessionInfo }
  | { ok: false; kind: 'invalid' }
  | { ok: false; kind: 'throttled'; retryAfterSeconds: number };

/** A live session: the caller it stands for and what `GET /api/session` answers. */
export interface ResumedSession {
  principal: Principal;
  session: SessionInfo;
}

const roleOf = (role: string): UserRole =>
  (USER_ROLES as readonly string[]).includes(role) ? (role as UserRole) : 'client';

function resumed(rec: SessionRecord): ResumedSession {
  const role = roleOf(rec.userRole);
  const user = { id: rec.userId, email: rec.userEmail, name: rec.userName, role };
  return {
    principal: {
      workspaceId: rec.workspaceId,
      workspaceName: rec.workspaceName,
      keyId: `user:${rec.userId}`,
      role: role === 'admin' ? 'admin' : 'member',
      user,
    },
    session: { user, workspace: { id: rec.workspaceId, name: rec.workspaceName }, csrf_token: rec.csrfToken },
  };
}

/** Dashboard sign-in: passwords checked, sessions made, resumed from their cookie's token and ended. */
export class SessionService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly random: (n: number) => Uint8Array = randomBytes,
    private readonly throttle = new SignInThrottle(),
  ) {}

  /**
   * Checks an email and password; `client` (the caller's address) and the email share one failure
   * count. A person who is a user of several workspaces signs in to the oldest whose password matches.
   */
  async signIn(email: string, password: string, client: string): Promise<SignInOutcome> {
    const now = this.clock.now();
    const throttleKey = `${client}\n${emailKey(email)}`;
    const wait = this.throttle.waitSeconds(throttleKey, now);
    if (wait > 0) return { ok: false, kind: 'throttled', retryAfterSeconds: wait };
    const candidates = (await this.store.users.withEmail(emailKey(email))).filter((u) => u.passwordHash !== null);
    let userId: string | undefined;
    for (const u of candidates) {
      if (await verifyPassword(password, u.passwordHash ?? '')) {
        userId = u.id;
        break;
      }
    }
    // An unknown email costs one hash too, so the time taken does not tell whether the email exists.
    if (candidates.length === 0) await verifyPassword(password, UNMATCHABLE_HASH);
    if (!userId) {
      this.throttle.fail(throttleKey, this.clock.now());
      return { ok: false, kind: 'invalid' };
    }
    this.throttle.clear(throttleKey);
    await this.store.sessions.deleteExpired(now);
    const token = Buffer.from(this.random(32)).toString('base64url');
    const csrfToken = Buffer.from(this.random(32)).toString('base64url');
    await this.store.sessions.insert(
      { tokenHash: hashToken(token), userId, csrfToken, expiresAt: now + SESSION_TTL_MS },
      now,
    );
    const rec = await this.store.sessions.findLive(hashToken(token), now);
    if (!rec) throw new Error('a session just made was not found');
    return { ok: true, token, session: resumed(rec).session };
  }

  /** The session a cookie's token stands for, or undefined when it is unknown, ended or expired; using it extends it. */
  async resume(token: string): Promise<ResumedSession | undefined> {
    if (token.length === 0 || token.length > 128) return undefined;
    const now = this.clock.now();
    const rec = await this.store.sessions.findLive(hashToken(token), now);
    if (!rec) return undefined;
    if (rec.expiresAt - now < SESSION_TTL_MS - EXTEND_EVERY_MS) {
      await this.store.sessions.extend(rec.id, now + SESSION_TTL_MS);
    }
    return resumed(rec);
  }

  /** Ends the session of this token (nothing happens for an unknown one). */
  async signOut(token: string): Promise<void> {
    if (token.length === 0 || token.length > 128) return;
    await this.store.sessions.deleteByHash(hashToken(token));
  }
}
