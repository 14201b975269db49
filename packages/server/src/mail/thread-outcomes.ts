import { NOT_ATTEMPTED, type MailFailure } from '../app/ports.js';

// What a send through a mail thread answers when the thread, not the SMTP server, failed. Which one it
// is decides between sending again and marking the step uncertain (app/sending.ts), so the two cases
// are kept apart: a thread that never started cannot have sent anything, a running one may have.

/** The thread never became ready: nothing reached an SMTP server, so a retry is safe. */
export const threadNotStarted = (why: string): MailFailure => ({
  ok: false,
  kind: 'transient',
  command: NOT_ATTEMPTED,
  response: `the mail thread did not start (${why}); nothing was sent`,
});

/** The thread failed while it held the send: it may have handed the message over already, as a
 * connection lost during DATA may have, and the engine marks the step uncertain instead of resending. */
export const deliveryUnknown = (why: string): MailFailure => ({
  ok: false,
  kind: 'transient',
  command: 'DATA',
  response: `the mail thread stopped (${why}) while sending; delivery unknown`,
});

/** The message could not be handed to the thread at all (it cannot be copied between threads). */
export const notHandedOver = (why: string): MailFailure => ({
  ok: false,
  kind: 'invalid',
  response: `the message could not be handed to the mail thread: ${why}`,
});
