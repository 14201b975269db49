import { Command, Option } from 'commander';
import { USER_ROLES, type ListUsersQuery, type User, type UserRole } from '@blinkpost/contract';
import { secretArg } from './input-files.js';
import { withStore } from './open-store.js';
import type { Columns } from './output.js';
import { CliError, remote, wholeNumber } from './remote-client.js';
import { loadServer } from './server-module.js';
import { configFrom, withStorageOptions, type StorageOptions } from './storage-options.js';

const COLUMNS: Columns<User> = {
  ID: (u) => u.id,
  EMAIL: (u) => u.email,
  NAME: (u) => u.name,
  ROLE: (u) => u.role,
  STATUS: (u) => u.status,
  CREATED: (u) => u.created_at,
};

/**
 * `blinkpost users list|invite|update`: the people of the workspace, on a running server;
 * `users set-password`: a dashboard password, set on the server's database directly.
 */
export function usersCommand(): Command {
  const users = new Command('users').description(
    "list, invite and change the users of the workspace; `users set-password` on the server's database",
  );

  users
    .command('list')
    .description('list users, latest first')
    .option('--search <text>', 'part of the email or name')
    .option('--limit <n>', 'at most this many (max 100)', wholeNumber(1))
    .option('--skip <n>', 'skip this many', wholeNumber(0))
    .action(
      remote('users list', async ({ client, out }, opts: ListUsersQuery) => {
        out.list(await client.users.list(opts), COLUMNS, 'No users: invite one with `blinkpost users invite EMAIL`.');
      }),
    );

  users
    .command('invite')
    .description('add a person as an invited user (admin keys only; no email is sent yet)')
    .argument('<email>')
    .addOption(new Option('--role <role>', 'their role').choices([...USER_ROLES]).default('user'))
    .option('--name <name>', 'their name')
    .option('--url <url>', 'where the invitation leads after accepting it')
    .action(
      remote(
        'users list',
        async ({ client, out }, email: string, opts: { role: UserRole; name?: string; url?: string }) => {
          const user = await client.users.create({
            email,
            role: opts.role,
            ...(opts.name !== undefined ? { name: opts.name } : {}),
            ...(opts.url !== undefined ? { url: opts.url } : {}),
          });
          out.record(user, { lead: `Invited ${user.email} as ${user.role}.` });
        },
      ),
    );

  users
    .command('update')
    .description("change a user's name or role (admin keys only)")
    .argument('<id>')
    .addOption(new Option('--role <role>', 'their new role').choices([...USER_ROLES]))
    .option('--name <name>', 'their new name')
    .action(
      remote('users list', async ({ client, out }, id: string, opts: { role?: UserRole; name?: string }) => {
        if (opts.role === undefined && opts.name === undefined) {
          throw new CliError('nothing to change', 'pass --name or --role');
        }
        out.record(await client.users.update(id, opts), { lead: `Updated user ${id}.` });
      }),
    );
  users.addCommand(setPasswordCommand());
  return users;
}

// Local, like `keys create`: it must work when nobody can sign in, and it needs no key.
function setPasswordCommand(): Command {
  return withStorageOptions(
    new Command('set-password')
      .description("set a user's dashboard password (generated and printed unless given) and sign them out")
      .argument('<email>')
      .option('--password <password>', "the new password, at least 10 characters ('-' reads it from stdin)")
      .option('--workspace <name>', 'the workspace, when the email is a user of several'),
  ).action(async (email: string, opts: StorageOptions & { password?: string; workspace?: string }) => {
    const password = opts.password === undefined ? undefined : secretArg(opts.password, '--password');
    const set = await withStore(await configFrom(opts), async (store) => {
      const { UserService, systemClock } = await loadServer();
      return new UserService(store, systemClock).setPassword(email, password, opts.workspace);
    });
    console.log(`Set the password of ${set.email} (workspace "${set.workspaceName}"); their sessions are signed out.`);
    if (set.generated) {
      console.log('It is shown only this once:');
      console.log(set.generated);
    }
  });
}
