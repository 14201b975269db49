import { describe, expect, it } from 'vitest';
import { accessRefusal, type CallerRole, type RouteAccess } from '../../src/domain/access.js';

const OPEN: RouteAccess = {};
const ADMIN: RouteAccess = { adminOnly: true };
const KEYS: RouteAccess = { adminOnly: true, developersToo: true };

// caller, route, method, allowed
const CASES: [CallerRole, RouteAccess, string, boolean][] = [
  [{ via: 'key', role: 'admin' }, ADMIN, 'POST', true],
  [{ via: 'key', role: 'member' }, ADMIN, 'GET', false],
  [{ via: 'key', role: 'member' }, KEYS, 'GET', false],
  [{ via: 'key', role: 'member' }, OPEN, 'DELETE', true],
  [{ via: 'session', role: 'admin' }, ADMIN, 'PUT', true],
  [{ via: 'session', role: 'admin' }, KEYS, 'POST', true],
  [{ via: 'session', role: 'developer' }, KEYS, 'POST', true],
  [{ via: 'session', role: 'developer' }, ADMIN, 'GET', false],
  [{ via: 'session', role: 'developer' }, OPEN, 'PATCH', true],
  [{ via: 'session', role: 'user' }, OPEN, 'POST', true],
  [{ via: 'session', role: 'user' }, KEYS, 'GET', false],
  [{ via: 'session', role: 'user' }, ADMIN, 'GET', false],
  [{ via: 'session', role: 'client' }, OPEN, 'GET', true],
  [{ via: 'session', role: 'client' }, OPEN, 'head', true],
  [{ via: 'session', role: 'client' }, OPEN, 'POST', false],
  [{ via: 'session', role: 'client' }, OPEN, 'DELETE', false],
  [{ via: 'session', role: 'client' }, ADMIN, 'GET', false],
];

describe('who may call what', () => {
  it.each(CASES)('%j on %j with %s: allowed %s', (caller, route, method, allowed) => {
    const refusal = accessRefusal(caller, route, method);
    if (allowed) expect(refusal).toBeUndefined();
    else expect(refusal).toEqual(expect.any(String));
  });

  it('keeps the message member keys always got', () => {
    expect(accessRefusal({ via: 'key', role: 'member' }, ADMIN, 'GET')).toBe(
      'This endpoint needs an admin key; this key is a member key',
    );
  });
});
