import { ImapFlow } from 'imapflow';
import { expect, it } from 'vitest';
import { describeWithDovecot, startDovecot, type DovecotServer } from '../support/dovecot.js';

const ALICE = 'alice@example.com';
const mail = (subject: string) =>
  `From: lead@lead.test\r\nTo: ${ALICE}\r\nSubject: ${subject}\r\nMessage-ID: <${subject}@lead.test>\r\n\r\nHi.\r\n`;

async function login(server: DovecotServer, user = ALICE, password?: string): Promise<ImapFlow> {
  const client = new ImapFlow({
    host: server.host,
    port: server.port,
    secure: false,
    auth: { user, pass: password ?? server.users.find((u) => u.user === user)?.password ?? '' },
    logger: false,
    disableAutoIdle: true,
  });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

async function subjectsIn(client: ImapFlow, mailbox = 'INBOX'): Promise<{ uid: number; subject?: string }[]> {
  await client.mailboxOpen(mailbox);
  const out: { uid: number; subject?: string }[] = [];
  for await (const m of client.fetch('1:*', { uid: true, envelope: true })) out.push({ uid: m.uid, ...m.envelope });
  return out.map(({ uid, subject }) => ({ uid, subject }));
}

describeWithDovecot('the Dovecot test harness', (dovecot) => {
  it('stores appended mail where an imapflow login finds it, with APPENDUID matching the mailbox', async () => {
    const server = dovecot();
    const first = await server.append(ALICE, mail('one'));
    const second = await server.append(ALICE, Buffer.from(mail('two')), { flags: ['\\Seen'] });
    expect(second.uid).toBeGreaterThan(first.uid);
    expect(second.uidValidity).toBe(first.uidValidity);

    const client = await login(server);
    try {
      expect(await subjectsIn(client)).toEqual([
        { uid: first.uid, subject: 'one' },
        { uid: second.uid, subject: 'two' },
      ]);
      expect(client.mailbox && client.mailbox.uidValidity).toBe(first.uidValidity);
      expect(client.capabilities.has('IDLE')).toBe(true);
    } finally {
      await client.logout();
    }
  });

  it('creates other mailboxes on append', async () => {
    const server = dovecot();
    await server.append(ALICE, mail('bounce'), { mailbox: 'Junk' });
    const client = await login(server);
    try {
      expect(await subjectsIn(client, 'Junk')).toMatchObject([{ subject: 'bounce' }]);
    } finally {
      await client.logout();
    }
  });

  it('tells an IDLE session about new mail without a poll', async () => {
    const server = dovecot();
    const client = await login(server);
    try {
      const before = (await client.mailboxOpen('INBOX')).exists;
      const announced = new Promise<number>((resolve) =>
        client.once('exists', (e: { count: number }) => resolve(e.count)),
      );
      const idling = client.idle();
      await server.append(ALICE, mail('while-idle'));
      expect(await announced).toBe(before + 1);
      // any command ends IDLE
      await client.noop();
      await idling;
    } finally {
      await client.logout();
    }
  });

  it('refuses a wrong password, without a growing penalty on the next try', async () => {
    // Dovecot answers a failure after up to 0.5 s (its fixed flush timer); anvil's per-IP penalty
    // would add seconds more to each further try, and the product's tests try wrong passwords often.
    for (let i = 0; i < 3; i++) {
      await expect(login(dovecot(), ALICE, 'wrong')).rejects.toMatchObject({ authenticationFailed: true });
    }
  });

  it('resetUidValidity gives INBOX a new UIDVALIDITY, keeps its mail, and ends sessions that had it open', async () => {
    const server = dovecot();
    const { uidValidity: old } = await server.append(ALICE, mail('before-reset'));
    const watcher = await login(server);
    await watcher.mailboxOpen('INBOX');
    const dropped = new Promise<void>((resolve) => watcher.once('close', () => resolve()));

    const next = await server.resetUidValidity(ALICE);
    expect(next).toBeGreaterThan(old);
    // Dovecot answers the open session's next command with
    // "* BYE IMAP session state is inconsistent, please relogin."
    await watcher.noop().catch(() => undefined);
    await dropped;

    const client = await login(server);
    try {
      const subjects = (await subjectsIn(client)).map((m) => m.subject);
      expect(client.mailbox && client.mailbox.uidValidity).toBe(next);
      expect(subjects).toContain('before-reset');
      expect((await server.append(ALICE, mail('after-reset'))).uidValidity).toBe(next);
    } finally {
      await client.logout();
    }
  });

  it('runs side by side with another instance, each with its own users and mail', async () => {
    const other = await startDovecot({ users: [{ user: 'bob@example.com', password: 'bob-secret' }] });
    if ('skipped' in other) throw new Error(other.skipped);
    try {
      expect(other.port).not.toBe(dovecot().port);
      await other.append('bob@example.com', mail('for-bob'));
      const bob = await login(other, 'bob@example.com');
      try {
        expect(await subjectsIn(bob)).toMatchObject([{ subject: 'for-bob' }]);
      } finally {
        await bob.logout();
      }
      await expect(login(other, ALICE, 'alice-secret')).rejects.toMatchObject({ authenticationFailed: true });
      const alice = await login(dovecot());
      try {
        expect((await subjectsIn(alice)).map((m) => m.subject)).not.toContain('for-bob');
      } finally {
        await alice.logout();
      }
    } finally {
      await other.stop();
    }
  });
});
