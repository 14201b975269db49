/** What the dashboard lets a role do; the server enforces the same (docs/dashboard-api.md "Roles"), this only hides what it would refuse. */
export type Capability = 'manage-keys' | 'issue-admin-keys' | 'edit';

/** Whether a user of `role` may do `what`: admins everything, developers member keys, clients only read. */
export function can(role: string, what: Capability): boolean {
  switch (what) {
    case 'manage-keys':
      return role === 'admin' || role === 'developer';
    case 'issue-admin-keys':
      return role === 'admin';
    case 'edit':
      return role !== 'client';
  }
}
