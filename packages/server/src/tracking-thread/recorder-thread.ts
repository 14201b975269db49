// The body of the tracking thread (see threaded-recorder.ts): a TrackingRecorder on its own database
// connection, fed the opens and clicks the serving thread answered.
import { parentPort, workerData } from 'node:worker_threads';
import { engagementAnnouncer } from '../app/engagement-announcer.js';
import { TrackingRecorder } from '../app/tracking-recorder.js';
import { openDatabase } from '../store/database.js';
import { createStore } from '../store/store.js';
import { clicksOf, opensOf } from './event-columns.js';
import type { FromRecorder, RecorderThreadData, ToRecorder } from './threaded-recorder.js';

const port = parentPort;
if (!port) throw new Error('recorder-thread.js runs as a worker thread of ThreadedRecorder, not on its own');
const data = workerData as RecorderThreadData;
const post = (m: FromRecorder) => port.postMessage(m);

// Times come from the serving thread's clock (tests set and hold it): every event carries its own, and
// the thread's "now" (webhook deliveries' times, the click burst window's end) is the serving thread's
// at its latest message, at most a click's hold (1.5 s) old. Running it on by the thread's own clock
// would put deliveries ahead of a held test clock, never due.
let now = Date.now();
const clock = { now: () => now };
const db = openDatabase(data.storage);
const store = createStore(db);
const recorder = new TrackingRecorder(
  store,
  clock,
  Buffer.from(data.secret),
  engagementAnnouncer(store, clock, (counts) => post({ type: 'counted', counts })),
  (err, what) =>
    post({
      type: 'failed',
      what,
      message: err instanceof Error ? err.message : String(err),
      ...(err instanceof Error && err.stack ? { stack: err.stack } : {}),
    }),
  data.options,
);

port.on('message', (m: ToRecorder) => {
  now = m.now;
  if (m.type === 'events') {
    for (const o of opensOf(m.events)) recorder.open(o);
    for (const c of clicksOf(m.events)) recorder.click(c);
  } else {
    // The recorder logs its own failures, so a flush always ends; closing lets go of the database too.
    const done = m.type === 'close' ? recorder.close().then(() => db.close()) : recorder.flush();
    const answer = () => post({ type: 'flushed', id: m.id, ...(m.type === 'close' ? { closing: true as const } : {}) });
    void done.then(answer, (err: unknown) => {
      post({ type: 'failed', what: 'closing the tracking thread', message: String(err) });
      answer();
    });
  }
});
