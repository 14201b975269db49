import { Type, type Static } from '@sinclair/typebox';
import { USER_ROLES } from './users.schema.js';

/** The header a dashboard request signed in by cookie must carry on anything but GET, HEAD and OPTIONS. */
export const CSRF_HEADER = 'X-CSRF-Token';

/** The cookie holding a dashboard session. */
export const SESSION_COOKIE = 'bp_session';

/** `POST /api/session`: sign in to the dashboard. */
export const SignInBody = Type.Object({
  email: Type.String({ minLength: 1, maxLength: 320 }),
  password: Type.String({ minLength: 1, maxLength: 1024 }),
});
export type SignInBody = Static<typeof SignInBody>;

/** Who is signed in, in which workspace, and the token to echo in `X-CSRF-Token`. */
export const SessionInfo = Type.Object({
  user: Type.Object({
    id: Type.String(),
    email: Type.String(),
    name: Type.String(),
    role: Type.Union(USER_ROLES.map((r) => Type.Literal(r))),
  }),
  workspace: Type.Object({ id: Type.String(), name: Type.String() }),
  csrf_token: Type.String({ description: 'send it back in the X-CSRF-Token header of every write' }),
});
export type SessionInfo = Static<typeof SessionInfo>;
