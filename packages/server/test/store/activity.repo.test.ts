import { beforeAll, expect, it } from 'vitest';
import type { ActivityFilter, ActivityRow, NewActivity } from '../../src/store/activity.repo.js';
import { describeEachDialect } from '../support/dialects.js';
import { useStore } from './use-store.js';

const T = Date.parse('2026-03-02T10:00:00Z');

async function drain(stream: AsyncGenerator<ActivityRow[]>): Promise<ActivityRow[][]> {
  const batches: ActivityRow[][] = [];
  for await (const batch of stream) batches.push(batch);
  return batches;
}

const newestFirst = (a: { time: number; id: string }, b: { time: number; id: string }) =>
  b.time - a.time || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

describeEachDialect('ActivityRepo', (dialect) => {
  const t = useStore(dialect);
  let workspaceId: string;
  let otherWorkspaceId: string;
  let sequenceId: string;

  beforeAll(async () => {
    const { store } = t();
    workspaceId = (await store.workspaces.create('Acme', T)).id;
    otherWorkspaceId = (await store.workspaces.create('Globex', T)).id;
    sequenceId = (await store.sequences.create({ workspaceId, name: 'Intro', ownedBy: 'ann' }, T)).id;
  });

  const sent = (time: number, email: string, extra: Partial<NewActivity> = {}): NewActivity => ({
    workspace_id: workspaceId,
    kind: 'sent',
    time,
    sequence_id: sequenceId,
    recipient_email: email,
    ...extra,
  });

  it('streams every row exactly once, newest first, when many rows share one time across batches', async () => {
    const { store } = t();
    // 1,500 rows at one time straddle the first batch boundary, 1,100 at the next straddle the second.
    const rows = [
      ...Array.from({ length: 1500 }, (_, i) => sent(T, `a${i}@example.com`)),
      ...Array.from({ length: 1100 }, (_, i) => sent(T - 1, `b${i}@example.com`)),
      ...Array.from({ length: 400 }, (_, i) => sent(T - 1000 - (i % 37), `c${i}@example.com`)),
      sent(T + 5, 'other@example.com', { workspace_id: otherWorkspaceId }),
      sent(T + 5, 'open@example.com', { kind: 'open' }),
    ];
    const ids = await store.activity.insert(rows);
    const expected = rows
      .map((r, i) => ({ id: ids[i]!, time: r.time, ws: r.workspace_id, kind: r.kind }))
      .filter((r) => r.ws === workspaceId && r.kind === 'sent')
      .sort(newestFirst)
      .map((r) => r.id);
    expect(expected).toHaveLength(3000);

    const batches = await drain(store.activity.stream({ workspaceId, kind: 'sent' }));
    expect(batches.length).toBeGreaterThanOrEqual(3);
    const streamed = batches.flat();
    expect(new Set(streamed.map((r) => r.id)).size).toBe(streamed.length);
    expect(streamed.map((r) => r.id)).toEqual(expected);
    expect(streamed[0]).toMatchObject({ kind: 'sent', time: T, sequenceId, sequenceName: 'Intro', machine: false });

    const page = await store.activity.page({ workspaceId, kind: 'sent' }, 999, 3);
    expect(page.map((r) => r.id)).toEqual(expected.slice(999, 1002));
  });

  it('filters by sequence, recipient, time range and humanity', async () => {
    const { store } = t();
    const other = (await store.sequences.create({ workspaceId, name: 'Other', ownedBy: 'ann' }, T)).id;
    const base = T + 100_000;
    const open = (time: number, email: string, extra: Partial<NewActivity> = {}) =>
      sent(time, email, { kind: 'open', ...extra });
    await store.activity.insert([
      open(base, 'Zed@Example.com'),
      open(base + 10, 'zed@example.com', { machine: 1, machine_reason: 'apple-mpp' }),
      open(base + 20, 'amy@example.com', { sequence_id: other }),
      open(base + 30, 'amy@example.com'),
    ]);
    const times = async (f: Partial<ActivityFilter>) =>
      (await drain(store.activity.stream({ workspaceId, kind: 'open', from: base, ...f })))
        .flat()
        .map((r) => r.time - base);
    expect(await times({})).toEqual([30, 20, 10, 0]);
    expect(await times({ sequenceId: other })).toEqual([20]);
    expect(await times({ recipientKey: 'zed@example.com' })).toEqual([10, 0]);
    expect(await times({ from: base + 10, to: base + 20 })).toEqual([20, 10]);
    expect(await times({ humanOnly: true })).toEqual([30, 20, 0]);
    const machine = (await store.activity.page({ workspaceId, kind: 'open', from: base + 10, to: base + 10 }, 0, 5))[0];
    expect(machine).toMatchObject({ machine: true, machineReason: 'apple-mpp', recipientEmail: 'zed@example.com' });
  });

  it('moves sequence counters for sends, human opens and clicks, and replies that are not automatic', async () => {
    const { store } = t();
    const seq = (await store.sequences.create({ workspaceId, name: 'Counted', ownedBy: 'ann' }, T)).id;
    const second = (await store.sequences.create({ workspaceId, name: 'Second', ownedBy: 'ann' }, T)).id;
    const ev = (kind: NewActivity['kind'], extra: Partial<NewActivity> = {}) =>
      sent(T, 'lead@example.com', { kind, sequence_id: seq, ...extra });
    await store.activity.insert([
      ev('sent'),
      ev('sent'),
      ev('sent', { sequence_id: second }),
      ev('open'),
      ev('open', { machine: 1, machine_reason: 'scanner' }),
      ev('click', { url: 'https://example.com' }),
      ev('click', { machine: 1 }),
      ev('click', { machine: 1 }),
      ev('reply', { snippet: 'Sounds good' }),
      ev('reply', { auto_reply: 1, snippet: 'Out of office' }),
    ]);
    await store.activity.insert([ev('open'), ev('reply', { auto_reply: 1 }), ev('open', { sequence_id: second })]);
    expect(await store.sequences.get(workspaceId, seq)).toMatchObject({ sent: 2, opens: 2, clicks: 1, replies: 1 });
    expect(await store.sequences.get(workspaceId, second)).toMatchObject({ sent: 1, opens: 1, clicks: 0, replies: 0 });
  });

  it('keeps text as written, quotes, backslashes and emoji included, and a row with half an emoji', async () => {
    const { store } = t();
    const seq = (await store.sequences.create({ workspaceId, name: 'Text', ownedBy: 'ann' }, T)).id;
    const subject = `Re: "Q3" {plan}, \\share\\ — naïve 😀 tab\there\n2nd line`;
    // A reply snippet cut at 200 characters can end in the first half of an emoji.
    const cut = `${'x'.repeat(199)}😀`.slice(0, 200);
    await store.activity.insert([
      sent(T, 'text@example.com', { kind: 'reply', sequence_id: seq, subject, snippet: cut }),
    ]);
    const [row] = await store.activity.page({ workspaceId, kind: 'reply', sequenceId: seq }, 0, 1);
    expect(row?.subject).toBe(subject);
    // Kept, whatever each database makes of the half character (PostgreSQL refused the batch before).
    expect(row?.snippet.startsWith('x'.repeat(199))).toBe(true);
    expect((row?.snippet as string & { isWellFormed(): boolean }).isWellFormed()).toBe(true);
  });

  it('records nothing and moves no counter when one row of a batch fails', async () => {
    const { store } = t();
    const seq = (await store.sequences.create({ workspaceId, name: 'Atomic', ownedBy: 'ann' }, T)).id;
    const bad = { ...sent(T, 'x@example.com'), sequence_id: seq, recipient_email: null as unknown as string };
    await expect(
      store.activity.insert([sent(T, 'ok@example.com', { sequence_id: seq }), { ...bad, recipient_key: 'x' }]),
    ).rejects.toThrow();
    expect(await store.sequences.get(workspaceId, seq)).toMatchObject({ sent: 0 });
    const rows = await store.activity.page({ workspaceId, kind: 'sent', sequenceId: seq }, 0, 10);
    expect(rows).toEqual([]);
  });
  it('writes every field of an open or click, whether its batch leaves the reply columns out or not', async () => {
    const { store } = t();
    const seq = (await store.sequences.create({ workspaceId, name: 'Columns', ownedBy: 'ann' }, T)).id;
    const open = (time: number, extra: Partial<NewActivity> = {}): NewActivity => ({
      ...sent(time, 'Cols@Example.com', { sequence_id: seq, kind: 'open', machine: 1, machine_reason: 'proxy' }),
      ...extra,
    });
    // Only opens and clicks with nothing in the reply columns: the batch is written without them.
    await store.activity.insert([open(T + 1), open(T + 2, { kind: 'click', url: 'https://example.com/a' })]);
    // An open that carries reply fields (nothing writes one today) keeps them: its batch writes every column.
    await store.activity.insert([
      open(T + 3, { snippet: 'kept', auto_reply: 1, reply_message_id: '<r@x>', bounce: 'soft' }),
    ]);
    const rows = await store.activity.page(
      { workspaceId, kind: ['open', 'click'], sequenceId: seq, ascending: true },
      0,
      10,
    );
    expect(
      rows.map((r) => [
        r.kind,
        r.recipientEmail,
        r.machineReason,
        r.url,
        r.snippet,
        r.autoReply,
        r.replyMessageId,
        r.bounce,
      ]),
    ).toEqual([
      ['open', 'Cols@Example.com', 'proxy', '', '', false, '', ''],
      ['click', 'Cols@Example.com', 'proxy', 'https://example.com/a', '', false, '', ''],
      ['open', 'Cols@Example.com', 'proxy', '', 'kept', true, '<r@x>', 'soft'],
    ]);
  });
});
