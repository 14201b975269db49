// A stand-in tracking thread for ThreadedRecorder's tests: it counts every open it is handed as a
// person's, writes nothing, and dies (exit code 3) when handed an open whose token is "die", as a
// thread with a bug would.
import { parentPort } from 'node:worker_threads';

parentPort.on('message', (m) => {
  if (m.type !== 'events')
    return parentPort.postMessage({ type: 'flushed', id: m.id, ...(m.type === 'close' ? { closing: true } : {}) });
  // Opens come as columns (src/tracking-thread/event-columns.ts): their tokens are one array.
  const tokens = m.events.opens.token;
  if (tokens.includes('die')) process.exit(3);
  parentPort.postMessage({ type: 'counted', counts: [{ kind: 'opened', machine: false, n: tokens.length }] });
});
