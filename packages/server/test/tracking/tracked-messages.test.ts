import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { TrackedMessages } from '../../src/app/tracked-messages.js';
import type { Store } from '../../src/store/store.js';
import { useStore } from '../store/use-store.js';
import { describeEachDialect } from '../support/dialects.js';

/** A sent message with a tracking key, written straight into the messages table; answers its key. */
async function sentMessage(store: Store, n: number, sentAt: number | null = 1_700_000_000_000): Promise<string> {
  const key = randomBytes(16).toString('hex');
  await store.db.kysely
    .insertInto('messages')
    .values({
      id: `msg-${key}`,
      workspace_id: 'ws-1',
      enrollment_id: `enr-${key}`,
      sequence_id: 'seq-1',
      lead_id: `lead-${n}`,
      step: 0,
      sender_id: 'snd-1',
      status: sentAt === null ? 'sending' : 'sent',
      message_id: `<m-${key}@sender.test>`,
      to_email: `lead${n}@lead.test`,
      subject: 'Hello',
      variant: 0,
      attempts: 1,
      last_error: '',
      lease_until: null,
      reserved_at: 1_700_000_000_000,
      sent_at: sentAt,
      track_key: key,
      links: JSON.stringify(['https://example.com/']),
    })
    .execute();
  return key;
}

/** The store, with its reads of messages by key counted (and made to fail while `failing` is set). */
function counted(store: Store) {
  const reads: string[][] = [];
  const state = { failing: false };
  const tracking = Object.create(store.tracking) as Store['tracking'];
  tracking.messagesByKeys = async (keys) => {
    reads.push([...keys]);
    // Let every caller of this tick ask before the read answers, as concurrent requests do.
    await new Promise((resolve) => setTimeout(resolve, 20));
    if (state.failing) throw new Error('database unreachable');
    return store.tracking.messagesByKeys(keys);
  };
  return { store: { ...store, tracking }, reads, state };
}

describeEachDialect('messages read for tracking', (dialect) => {
  const fixture = useStore(dialect);

  it('askers of a message nobody has read yet share one read; later ones find it in memory', async () => {
    const { store } = fixture();
    const key = await sentMessage(store, 1);
    const { store: watched, reads } = counted(store);
    const messages = new TrackedMessages(watched, 100);

    const answers = await Promise.all(Array.from({ length: 10 }, () => messages.one(key)));
    expect(answers.map((m) => m?.toEmail)).toEqual(Array(10).fill('lead1@lead.test'));
    expect(reads).toEqual([[key]]);
    expect(messages.inMemory(key)?.trackKey).toBe(key);
    await messages.one(key);
    expect(reads).toHaveLength(1);
  });

  it('a batch joins a read in flight and reads only the keys nobody is reading; each asker gets what it asked for', async () => {
    const { store } = fixture();
    const [a, b, c] = [await sentMessage(store, 2), await sentMessage(store, 3), await sentMessage(store, 4)];
    const { store: watched, reads } = counted(store);
    const messages = new TrackedMessages(watched, 100);

    const first = messages.many([a, b]);
    const second = messages.many([b, c, 'f'.repeat(32)]);
    const [one, two] = await Promise.all([first, second]);
    expect(reads).toEqual([
      [a, b],
      [c, 'f'.repeat(32)],
    ]);
    expect([...one.keys()].sort()).toEqual([a, b].sort());
    expect([...two.keys()].sort()).toEqual([b, c].sort());
  });

  it('a failed read fails every asker that joined it, and the next ask reads again', async () => {
    const { store } = fixture();
    const key = await sentMessage(store, 5);
    const { store: watched, reads, state } = counted(store);
    const messages = new TrackedMessages(watched, 100);

    state.failing = true;
    const asked = await Promise.allSettled([messages.one(key), messages.many([key]), messages.one(key)]);
    expect(asked.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(reads).toHaveLength(1);

    state.failing = false;
    expect((await messages.one(key))?.toEmail).toBe('lead5@lead.test');
    expect(reads).toHaveLength(2);
  });

  it('a message not yet sent is answered but not kept, so its time is read again', async () => {
    const { store } = fixture();
    const key = await sentMessage(store, 6, null);
    const { store: watched, reads } = counted(store);
    const messages = new TrackedMessages(watched, 100);

    const [one, two] = await Promise.all([messages.one(key), messages.one(key)]);
    expect([one?.sentAt, two?.sentAt]).toEqual([null, null]);
    expect(reads).toHaveLength(1);
    expect(messages.inMemory(key)).toBeUndefined();
    await messages.one(key);
    expect(reads).toHaveLength(2);
  });
});
