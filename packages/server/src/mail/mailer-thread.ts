// The body of a mail thread (see threaded-mailer.ts): an SmtpMailer answering sends posted to it.
import { parentPort, workerData } from 'node:worker_threads';
import { SmtpMailer, type SmtpMailerOptions } from './smtp-mailer.js';
import { deliveryUnknown } from './thread-outcomes.js';
import type { ThreadReply, ThreadRequest } from './threaded-mailer.js';

// A request that arrived unreadable has no id to answer by: ending the thread makes its sender answer
// every send it holds (threaded-mailer.ts) instead of waiting for ever.
const EXIT_UNREADABLE_REQUEST = 70;

const port = parentPort;
if (!port) throw new Error('mailer-thread.js runs as a worker thread of ThreadedMailer, not on its own');
const mailer = new SmtpMailer(workerData as SmtpMailerOptions);
const answer = (reply: ThreadReply) => port.postMessage(reply);

port.on('message', (request: ThreadRequest) => {
  if (request.type === 'send') {
    // SmtpMailer.send answers every SMTP failure as an outcome; a rejection would be a fault of ours at
    // an unknown point of the send, so it is answered as one that may have gone out.
    void mailer.send(request.account, request.message).then(
      (outcome) => answer({ id: request.id, outcome }),
      (err: unknown) =>
        answer({ id: request.id, outcome: deliveryUnknown(err instanceof Error ? err.message : String(err)) }),
    );
  } else {
    // Closing is best effort: the thread is terminated after this answer either way.
    void mailer
      .close()
      .catch(() => undefined)
      .then(() => answer({ id: request.id, closed: true }));
  }
});
port.on('messageerror', () => process.exit(EXIT_UNREADABLE_REQUEST));
answer({ ready: true });
