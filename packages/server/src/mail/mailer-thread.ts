// The body of a mail thread (see threaded-mailer.ts): an SmtpMailer answering sends posted to it.
import { parentPort, workerData } from 'node:worker_threads';
import { SmtpMailer, type SmtpMailerOptions } from './smtp-mailer.js';
import type { ThreadReply, ThreadRequest } from './threaded-mailer.js';

const port = parentPort;
if (!port) throw new Error('mailer-thread.js runs as a worker thread of ThreadedMailer, not on its own');
const mailer = new SmtpMailer(workerData as SmtpMailerOptions);

port.on('message', (request: ThreadRequest) => {
  const answer = (reply: ThreadReply) => port.postMessage(reply);
  if (request.type === 'send') {
    // SmtpMailer.send never throws: every failure comes back as an outcome.
    void mailer.send(request.account, request.message).then((outcome) => answer({ id: request.id, outcome }));
  } else {
    void mailer.close().then(() => answer({ id: request.id, closed: true }));
  }
});
