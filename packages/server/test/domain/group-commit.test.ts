import { expect, it } from 'vitest';
import { GroupCommit } from '../../src/app/group-commit.js';

it('puts the items that arrive together into one write and answers each its own result', async () => {
  const batches: number[][] = [];
  const g = new GroupCommit<number, string>(async (items) => {
    batches.push(items);
    await new Promise((r) => setTimeout(r, 5));
    return items.map((i) => `#${i}`);
  });
  const first = await Promise.all([g.add(1), g.add(2), g.add(3)]);
  expect(first).toEqual(['#1', '#2', '#3']);
  // While a batch is being written, newcomers wait and go together in the next one.
  const p4 = g.add(4);
  while (batches.length < 2) await new Promise((r) => setTimeout(r, 1));
  const later = [g.add(5), g.add(6)];
  expect(await Promise.all([p4, ...later])).toEqual(['#4', '#5', '#6']);
  expect(batches).toEqual([[1, 2, 3], [4], [5, 6]]);
});

it('rejects every item of a failed batch and goes on with the next', async () => {
  let fail = true;
  const g = new GroupCommit<number>(async () => {
    if (fail) throw new Error('database hiccup');
  });
  const failed = [g.add(1), g.add(2)].map((p) =>
    p.then(
      () => 'ok',
      (e: Error) => e.message,
    ),
  );
  expect(await Promise.all(failed)).toEqual(['database hiccup', 'database hiccup']);
  fail = false;
  await expect(g.add(3)).resolves.toBeUndefined();
});

it('flush waits for everything queued, and respects the largest batch', async () => {
  const sizes: number[] = [];
  const g = new GroupCommit<number>(
    async (items) => {
      sizes.push(items.length);
    },
    { maxBatch: 2 },
  );
  for (let i = 0; i < 5; i++) void g.add(i);
  await g.flush();
  expect(sizes).toEqual([2, 2, 1]);
});

it('a lingering batch gathers items that arrive apart, goes early when full, and flush does not wait it out', async () => {
  const batches: number[][] = [];
  const g = new GroupCommit<number>(
    async (items) => {
      batches.push(items);
    },
    { maxBatch: 3, lingerMs: 60_000 },
  );
  // A turn of the event loop: the linger (a minute) is what keeps the batch back, not time passing.
  const tick = () => new Promise((r) => setImmediate(r));
  const first = [g.add(1)];
  await tick();
  first.push(g.add(2));
  await tick();
  // Two items arrived in different turns of the event loop and nothing is written yet: they linger.
  expect(batches).toEqual([]);
  first.push(g.add(3));
  // The third fills the batch: it is written without waiting out the linger.
  await Promise.all(first);
  expect(batches).toEqual([[1, 2, 3]]);
  const last = g.add(4);
  await tick();
  expect(batches).toHaveLength(1);
  await g.flush();
  await last;
  expect(batches).toEqual([[1, 2, 3], [4]]);
});
