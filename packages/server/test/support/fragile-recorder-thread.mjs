// A stand-in tracking thread for ThreadedRecorder's tests: it counts every open it is handed as a
// person's, writes nothing, and dies (exit code 3) when handed an open whose token is "die", as a
// thread with a bug would.
import { parentPort } from 'node:worker_threads';

parentPort.on('message', (m) => {
  if (m.type !== 'events')
    return parentPort.postMessage({ type: 'flushed', id: m.id, ...(m.type === 'close' ? { closing: true } : {}) });
  if (m.opens.some((o) => o.token === 'die')) process.exit(3);
  parentPort.postMessage({ type: 'counted', notices: m.opens.map(() => ({ kind: 'opened', machine: false })) });
});
