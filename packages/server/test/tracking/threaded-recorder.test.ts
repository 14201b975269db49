import { expect, it } from 'vitest';
import { describe } from 'vitest';
import { DEFAULT_TRACKING_OPTIONS, type EngagementRecorder } from '../../src/app/tracking-recorder.js';
import { ThreadedRecorder } from '../../src/tracking-thread/threaded-recorder.js';

const FRAGILE = new URL('../support/fragile-recorder-thread.mjs', import.meta.url);
const request = { userAgent: 'Mozilla/5.0 (X11; Linux) Firefox/130.0', method: 'GET' };

function fragileRecorder() {
  const counted: string[] = [];
  const logged: string[] = [];
  const recordedHere: string[] = [];
  const here: EngagementRecorder = {
    open: (o) => void recordedHere.push(o.token),
    click: () => undefined,
    flush: async () => undefined,
    close: async () => undefined,
  };
  const recorder = new ThreadedRecorder({
    data: {
      storage: { dialect: 'sqlite', file: ':memory:' },
      secret: new Uint8Array(32),
      options: DEFAULT_TRACKING_OPTIONS,
    },
    clock: { now: () => 1_000 },
    count: (counts) => counted.push(...counts.flatMap((c) => Array<string>(c.n).fill(c.kind))),
    log: (err, what) => logged.push(`${what}: ${err instanceof Error ? err.message : String(err)}`),
    script: FRAGILE,
    fallback: () => here,
  });
  return { recorder, counted, logged, recordedHere };
}

describe('ThreadedRecorder', () => {
  it('hands over every open before a flush answers, in batches', async () => {
    const { recorder, counted, logged } = fragileRecorder();
    try {
      for (let i = 0; i < 2_500; i++) recorder.open({ token: `t${i}`, at: 1_000, request });
      await recorder.flush();
      expect(counted).toHaveLength(2_500);
      expect(logged).toEqual([]);
    } finally {
      await recorder.close();
    }
  });

  it('a thread that dies is logged, a flush waiting on it ends, and later events start a new thread', async () => {
    const { recorder, counted, logged } = fragileRecorder();
    try {
      recorder.open({ token: 'die', at: 1_000, request });
      await recorder.flush();
      expect(logged).toEqual(['the tracking thread stopped; the events it held are lost: exit code 3']);
      recorder.open({ token: 'after', at: 1_000, request });
      await recorder.flush();
      expect(counted).toEqual(['opened']);
    } finally {
      await recorder.close();
    }
  });

  it('close() ends the thread; events after it go to a new one', async () => {
    const { recorder, counted, logged } = fragileRecorder();
    recorder.open({ token: 'first', at: 1_000, request });
    await recorder.close();
    expect(counted).toEqual(['opened']);
    recorder.open({ token: 'second', at: 1_000, request });
    await recorder.close();
    expect(counted).toEqual(['opened', 'opened']);
    expect(logged).toEqual([]);
  });

  it('a thread that dies while close() waits on it is logged, not taken for a clean close', async () => {
    const { recorder, logged } = fragileRecorder();
    recorder.open({ token: 'die', at: 1_000, request });
    await recorder.close();
    expect(logged).toEqual(['the tracking thread stopped; the events it held are lost: exit code 3']);
  });

  it('after three threads end without a word, events are recorded on the calling thread', async () => {
    const { recorder, logged, recordedHere } = fragileRecorder();
    try {
      for (let i = 0; i < 3; i++) {
        recorder.open({ token: 'die', at: 1_000, request });
        await recorder.flush();
      }
      expect(logged.at(-1)).toBe(
        'opens and clicks are recorded on the serving thread from now on: 3 tracking threads ended before answering',
      );
      recorder.open({ token: 'kept', at: 1_000, request });
      await recorder.flush();
      expect(recordedHere).toEqual(['kept']);
      expect(logged).toHaveLength(4);
    } finally {
      await recorder.close();
    }
  });
});
