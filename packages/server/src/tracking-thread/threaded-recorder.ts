import { Worker } from 'node:worker_threads';
import type { EngagementCount } from '../app/engagement-announcer.js';
import type { Clock } from '../app/ports.js';
import type { AcceptedClick, EngagementRecorder, RawOpen, TrackingOptions } from '../app/tracking-recorder.js';
import type { StorageConfig } from '../store/database.js';
import { workerScript } from '../worker-script.js';
import { toColumns, type EventColumns } from './event-columns.js';

/** What the recording thread is started with. */
export interface RecorderThreadData {
  storage: StorageConfig;
  secret: Uint8Array;
  options: TrackingOptions;
}

/** What the serving thread posts to the recording thread. */
export type ToRecorder =
  | { type: 'events'; now: number; events: EventColumns }
  | { type: 'flush'; id: number; now: number }
  | { type: 'close'; id: number; now: number };

/** What the recording thread posts back. */
export type FromRecorder =
  | { type: 'flushed'; id: number; closing?: true }
  | { type: 'counted'; counts: readonly EngagementCount[] }
  | { type: 'failed'; what: string; message: string; stack?: string };

// Events are handed over in small batches: one message per this many ms, or sooner when this many wait.
const HAND_OVER_MS = 10;
const HAND_OVER_AT = 1_000;

const DEFAULT_SCRIPT = workerScript('tracking-thread/recorder-thread.js');

export interface ThreadedRecorderOptions {
  data: RecorderThreadData;
  clock: Clock;
  /** counts for /metrics, from the thread's announcements */
  count: (counts: readonly EngagementCount[]) => void;
  log: (err: unknown, what: string) => void;
  /** the thread's script; tests give one that fails */
  script?: URL;
  /**
   * Records on the calling thread instead, once threads die one after another without ever answering
   * (a build without the thread's script, a database the thread cannot open): events are not lost to
   * a thread that cannot start.
   */
  fallback: () => EngagementRecorder;
}

interface Thread {
  worker: Worker;
  flushes: Map<number, () => void>;
  /** it answered something: it started */
  answered: boolean;
  /** it wrote all it held and closed its database at our request: its end is not a failure */
  closed: boolean;
}

// Threads that die in a row without a word before recording moves to the calling thread.
const DEATHS_BEFORE_FALLBACK = 3;

/**
 * Opens and clicks judged, written and announced on a worker thread with its own database connection.
 * On the serving thread a pixel then costs a push onto an array: the token check, the judging, the rows
 * and the commits (most of an event's CPU, docs/benchmarks.md) run beside the event loop that answers
 * requests instead of on it. The thread's `TrackingRecorder` is the one that otherwise runs in process.
 *
 * A thread that dies (a fault of ours: the recorder logs database failures instead of throwing) loses
 * what it held and is logged; the next events start a new one.
 */
export class ThreadedRecorder implements EngagementRecorder {
  private opens: RawOpen[] = [];
  private clicks: AcceptedClick[] = [];
  private timer: NodeJS.Timeout | undefined;
  private thread: Thread | undefined;
  private nextId = 1;
  private silentDeaths = 0;
  private local: EngagementRecorder | undefined;

  constructor(private readonly options: ThreadedRecorderOptions) {}

  open(open: RawOpen): void {
    if (this.local) return this.local.open(open);
    this.opens.push(open);
    this.schedule();
  }

  click(click: AcceptedClick): void {
    if (this.local) return this.local.click(click);
    this.clicks.push(click);
    this.schedule();
  }

  async flush(): Promise<void> {
    this.handOver();
    if (this.thread) await this.ask(this.thread, 'flush');
    await this.local?.flush();
  }

  /** Writes what the thread holds, closes its database connection, then ends it. */
  async close(): Promise<void> {
    this.handOver();
    const t = this.thread;
    if (t) {
      // Events that come after this start a new thread.
      this.thread = undefined;
      await this.ask(t, 'close');
      await t.worker.terminate();
    }
    await this.local?.close();
  }

  /** Resolves when the thread answers (or dies). */
  private ask(t: Thread, type: 'flush' | 'close'): Promise<void> {
    const id = this.nextId++;
    return new Promise<void>((resolve) => {
      t.flushes.set(id, resolve);
      t.worker.ref();
      t.worker.postMessage({ type, id, now: this.options.clock.now() } satisfies ToRecorder);
    });
  }

  private schedule(): void {
    if (this.opens.length + this.clicks.length >= HAND_OVER_AT) this.handOver();
    else this.timer ??= setTimeout(() => this.handOver(), HAND_OVER_MS);
  }

  private handOver(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.opens.length + this.clicks.length === 0) return;
    const { opens, clicks } = this;
    this.opens = [];
    this.clicks = [];
    if (this.local) {
      // Held from before recording moved to this thread.
      for (const o of opens) this.local.open(o);
      for (const c of clicks) this.local.click(c);
      return;
    }
    try {
      const message: ToRecorder = { type: 'events', now: this.options.clock.now(), events: toColumns(opens, clicks) };
      (this.thread ?? this.start()).worker.postMessage(message);
    } catch (err) {
      this.options.log(err, `handing ${opens.length + clicks.length} tracked events to their thread failed`);
    }
  }

  private start(): Thread {
    const worker = new Worker(this.options.script ?? DEFAULT_SCRIPT, { workerData: this.options.data });
    const t: Thread = { worker, flushes: new Map(), answered: false, closed: false };
    worker.on('message', (m: FromRecorder) => {
      t.answered = true;
      if (m.type === 'counted') this.options.count(m.counts);
      else if (m.type === 'failed') {
        const err = new Error(m.message);
        if (m.stack) err.stack = m.stack;
        this.options.log(err, m.what);
      } else {
        const resolve = t.flushes.get(m.id);
        t.flushes.delete(m.id);
        // The answer to 'close' comes once its database is closed: the exit that follows is ours.
        if (m.closing) t.closed = true;
        resolve?.();
        // A thread with nothing asked of it must not keep the process alive.
        if (t.flushes.size === 0) worker.unref();
      }
    });
    let why = '';
    worker.on('error', (err) => (why ||= err.message));
    worker.on('exit', (code) => {
      if (this.thread === t) this.thread = undefined;
      if (!t.closed) {
        this.options.log(
          new Error(`exit code ${code}${why ? `: ${why}` : ''}`),
          'the tracking thread stopped; the events it held are lost',
        );
        this.silentDeaths = t.answered ? 0 : this.silentDeaths + 1;
        if (this.silentDeaths >= DEATHS_BEFORE_FALLBACK && !this.local) {
          this.options.log(
            new Error(`${this.silentDeaths} tracking threads ended before answering`),
            'opens and clicks are recorded on the serving thread from now on',
          );
          this.local = this.options.fallback();
        }
      }
      for (const resolve of t.flushes.values()) resolve();
      t.flushes.clear();
    });
    worker.unref();
    this.thread = t;
    return t;
  }
}
