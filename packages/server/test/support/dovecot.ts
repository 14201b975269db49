import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { access, chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, createServer, type AddressInfo } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe } from 'vitest';

const DOVECOT = '/usr/sbin/dovecot';
const DOVEADM = '/usr/bin/doveadm';
const NOT_INSTALLED = 'dovecot is not installed (apt-get install dovecot-imapd)';
const inCi = process.env['CI'] === 'true';
const run = promisify(execFile);

/** A login on the test server. */
export interface DovecotUser {
  user: string;
  password: string;
}

/** A private Dovecot on 127.0.0.1 with plaintext LOGIN and one maildir per user. */
export interface DovecotServer {
  host: string;
  port: number;
  users: DovecotUser[];
  /** puts a message into a mailbox (default INBOX, created if missing) with IMAP APPEND */
  append(
    user: string,
    raw: string | Buffer,
    opts?: { mailbox?: string; flags?: string[] },
  ): Promise<{ uid: number; uidValidity: bigint }>;
  /** gives a mailbox (default INBOX) a new, higher UIDVALIDITY, keeping its messages; answers it */
  resetUidValidity(user: string, mailbox?: string): Promise<bigint>;
  stop(): Promise<void>;
}

export const DEFAULT_DOVECOT_USERS: DovecotUser[] = [{ user: 'alice@example.com', password: 'alice-secret' }];

/** The `name:x:id:…` line of /etc/passwd or /etc/group that `match` picks. */
async function systemEntry(file: string, match: (fields: string[]) => boolean): Promise<string[] | undefined> {
  const lines = (await readFile(file, 'utf8')).split('\n').map((l) => l.split(':'));
  return lines.find(match);
}

/**
 * Who owns the mail and Dovecot's internal sockets: Dovecot refuses mail access as UID 0, so as
 * root it is the `dovecot` user (logins run as `dovenull`); as anyone else, everything is us.
 */
async function mailOwner(): Promise<{ name: string; group: string; uid: number; gid: number; loginUser: string }> {
  const me = userInfo();
  if (me.uid !== 0) {
    const group = (await systemEntry('/etc/group', (f) => f[2] === String(me.gid)))?.[0] ?? me.username;
    return { name: me.username, group, uid: me.uid, gid: me.gid, loginUser: me.username };
  }
  const [, , uid, gid] = (await systemEntry('/etc/passwd', (f) => f[0] === 'dovecot')) ?? [];
  if (uid === undefined || gid === undefined) throw new Error('dovecot: no `dovecot` user in /etc/passwd');
  return { name: 'dovecot', group: 'dovecot', uid: Number(uid), gid: Number(gid), loginUser: 'dovenull' };
}

type MailOwner = Awaited<ReturnType<typeof mailOwner>>;

function configText(dir: string, port: number, owner: MailOwner): string {
  return `# Written by packages/server/test/support/dovecot.ts for one test run.
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
instance_name = blinkpost-test-${port}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
default_login_user = ${owner.loginUser}
default_internal_user = ${owner.name}
default_internal_group = ${owner.group}
first_valid_uid = ${owner.uid}
first_valid_gid = ${owner.gid}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = static
  args = uid=${owner.uid} gid=${owner.gid} home=${dir}/mail/%u
}
mail_location = maildir:~/Maildir
mail_fsync = never
mailbox_idle_check_interval = 1 secs
protocol imap {
  mail_max_userip_connections = 100
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
  # no growing delay after failed logins: tests of wrong passwords stay fast
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
`;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Resolves true once the port answers with an IMAP `* OK` greeting, false if it refuses. */
function greets(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let seen = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.on('data', (chunk: Buffer) => {
      seen += chunk.toString('latin1');
      if (seen.includes('\r\n')) done(seen.startsWith('* OK'));
    });
    socket.on('error', () => done(false));
    socket.on('close', () => done(false));
  });
}

async function waitForGreeting(port: number, child: ChildProcess, log: () => Promise<string>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`dovecot exited (${child.exitCode ?? child.signalCode}) before listening:\n${await log()}`);
    }
    if (await greets(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`dovecot did not greet on 127.0.0.1:${port} within 10 s:\n${await log()}`);
}

/**
 * Kills Dovecot's whole process group at once. A SIGTERM would do, but Dovecot's master then
 * sleeps a fixed second before exiting, and a test server's state is disposable anyway.
 */
async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  killGroup(child);
  await exited;
}

function killGroup(child: ChildProcess): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

async function openClient(port: number, login: DovecotUser): Promise<ImapFlow> {
  const client = new ImapFlow({
    host: '127.0.0.1',
    port,
    secure: false,
    auth: { user: login.user, pass: login.password },
    logger: false,
    disableAutoIdle: true,
  });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

async function launch(dir: string, owner: MailOwner, users: DovecotUser[]): Promise<DovecotServer> {
  const config = join(dir, 'dovecot.conf');
  const port = await freePort();
  await writeFile(config, configText(dir, port, owner));
  const child = spawn(DOVECOT, ['-F', '-c', config], {
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true, // its own process group, so stop() ends Dovecot's children with it
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const log = async () => stderr + (await readFile(join(dir, 'dovecot.log'), 'utf8').catch(() => ''));
  // A test process that dies without stop() must not leave a Dovecot behind.
  const killOnExit = () => killGroup(child);
  process.once('exit', killOnExit);
  try {
    await waitForGreeting(port, child, log);
  } catch (err) {
    process.off('exit', killOnExit);
    await stopProcess(child);
    throw err;
  }
  const loginOf = (user: string): DovecotUser => {
    const login = users.find((u) => u.user === user);
    if (!login) throw new Error(`dovecot: no test user ${user}`);
    return login;
  };
  const doveadm = async (...args: string[]) => (await run(DOVEADM, ['-c', config, ...args])).stdout;

  return {
    host: '127.0.0.1',
    port,
    users,
    async append(user, raw, opts = {}) {
      const mailbox = opts.mailbox ?? 'INBOX';
      const client = await openClient(port, loginOf(user));
      try {
        if (mailbox !== 'INBOX') await client.mailboxCreate(mailbox);
        const res = await client.append(mailbox, raw, opts.flags ?? []);
        if (!res || res.uid === undefined || res.uidValidity === undefined) {
          throw new Error(`dovecot: APPEND to ${mailbox} gave no APPENDUID`);
        }
        return { uid: res.uid, uidValidity: res.uidValidity };
      } finally {
        await client.logout();
      }
    },
    async resetUidValidity(user, mailbox = 'INBOX') {
      loginOf(user);
      const out = await doveadm('-f', 'flow', 'mailbox', 'status', '-u', user, 'uidvalidity', mailbox);
      const current = /uidvalidity=(\d+)/.exec(out)?.[1];
      if (current === undefined) throw new Error(`dovecot: no UIDVALIDITY for ${user} ${mailbox}: ${out}`);
      const next = BigInt(current) + 1n;
      await doveadm('mailbox', 'update', '-u', user, '--uid-validity', String(next), mailbox);
      return next;
    },
    async stop() {
      process.off('exit', killOnExit);
      await stopProcess(child);
    },
  };
}

/**
 * Starts a private Dovecot in a fresh temp dir (config, sockets, state, log and maildirs all in
 * it, so instances never clash). Without the binary it answers `{ skipped }` locally and throws
 * in CI, where every suite must run.
 */
export async function startDovecot(opts: { users?: DovecotUser[] } = {}): Promise<DovecotServer | { skipped: string }> {
  if (!(await dovecotInstalled())) {
    if (inCi) throw new Error(NOT_INSTALLED);
    return { skipped: `${NOT_INSTALLED}; IMAP suites skipped` };
  }
  const users = opts.users ?? DEFAULT_DOVECOT_USERS;
  for (const u of users) {
    if (/[:\s]/.test(u.user + u.password)) throw new Error(`dovecot: no ':' or spaces in test logins (${u.user})`);
  }
  const owner = await mailOwner();
  const dir = await mkdtemp(join(tmpdir(), 'blinkpost-dovecot-'));
  try {
    // Mail processes run as the mail owner and must reach their maildir and Dovecot's sockets.
    await chmod(dir, 0o755);
    await mkdir(join(dir, 'mail'));
    await chown(join(dir, 'mail'), owner.uid, owner.gid);
    await writeFile(join(dir, 'users'), users.map((u) => `${u.user}:{PLAIN}${u.password}::::::\n`).join(''));
    let server: DovecotServer;
    try {
      server = await launch(dir, owner, users);
    } catch (err) {
      // another process took the probed port before Dovecot bound it: once more with a new one
      if (!String(err).includes('Address already in use')) throw err;
      server = await launch(dir, owner, users);
    }
    return { ...server, stop: () => server.stop().finally(() => rm(dir, { recursive: true, force: true })) };
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

let installed: Promise<boolean> | undefined;
function dovecotInstalled(): Promise<boolean> {
  installed ??= Promise.all([access(DOVECOT), access(DOVEADM)]).then(
    () => true,
    () => false,
  );
  return installed;
}

const missingHere = !inCi && !(await dovecotInstalled());
if (missingHere) console.warn(`skipping IMAP suites: ${NOT_INSTALLED}`);

/**
 * Inside a describe: starts one Dovecot for it in beforeAll and stops it in afterAll; the getter
 * answers the running server.
 */
export function useDovecot(opts: { users?: DovecotUser[] } = {}): () => DovecotServer {
  let server: DovecotServer | undefined;
  beforeAll(async () => {
    const started = await startDovecot(opts);
    if ('skipped' in started) throw new Error(started.skipped);
    server = started;
  });
  afterAll(async () => server?.stop());
  return () => {
    if (!server) throw new Error('dovecot: not started (call the getter inside a test)');
    return server;
  };
}

/**
 * A suite that needs a real IMAP server: one Dovecot per suite. Locally a missing Dovecot skips it
 * with a printed reason; in CI (CI=true) it fails, because CI must run every suite.
 */
export function describeWithDovecot(
  name: string,
  suite: (dovecot: () => DovecotServer) => void,
  opts: { users?: DovecotUser[] } = {},
): void {
  (missingHere ? describe.skip : describe)(name, () => suite(useDovecot(opts)));
}
