// A stand-in mail thread for ThreadedMailer's tests: it accepts every message without sending it,
// and dies (exit code 3) when asked to send one whose subject is "die", as a thread with a bug would.
import { parentPort } from 'node:worker_threads';

parentPort.on('message', (request) => {
  if (request.type === 'close') return parentPort.postMessage({ id: request.id, closed: true });
  if (request.message.subject === 'die') process.exit(3);
  parentPort.postMessage({
    id: request.id,
    outcome: { ok: true, response: '250 accepted by the stand-in thread', messageId: request.message.messageId },
  });
});
parentPort.postMessage({ ready: true });
