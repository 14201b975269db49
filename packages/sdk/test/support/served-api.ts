import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import type { CreateSequenceBody } from '@blinkpost/contract';
import { BlinkpostClient } from '@blinkpost/sdk';
import type { Dialect } from '../../../server/test/support/dialects.js';
import { startSmtpSink, type SmtpSink } from '../../../server/test/support/smtp-sink.js';
import { startTestServer, type TestServer } from '../../../server/test/support/test-server.js';

/** A test server listening on loopback, a client with its admin key, and an SMTP sink for senders. */
export interface ServedApi {
  t: TestServer;
  client: BlinkpostClient;
  baseUrl: string;
  sink: SmtpSink;
}

/** Starts a served API before the suite and stops it after. */
export function useServedApi(dialect: Dialect): () => ServedApi {
  let served: ServedApi | undefined;
  beforeAll(async () => {
    const t = await startTestServer(dialect);
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/api/public/v1.0.0`;
    const sink = await startSmtpSink();
    served = { t, baseUrl, sink, client: new BlinkpostClient({ baseUrl, apiKey: t.admin.key }) };
  });
  afterAll(async () => {
    if (!served) return;
    await served.sink.close();
    await served.t.server.close();
    await served.t.testDb.destroy();
  });
  return () => {
    if (!served) throw new Error('served API not started');
    return served;
  };
}

/** The fields of a sender that logs in to the sink (its one accepted login). */
export const sinkSender = (sink: SmtpSink, email = 'ann@sender.test') => ({
  from_email: email,
  from_name: 'Ann Sender',
  user_name: 'mailer@example.com',
  password: 'right-password',
  smtp_host: '127.0.0.1',
  smtp_port: sink.port,
  timezone: 'UTC',
});

/** Every day 00:00–24:00 open, so a send is never waiting for its window. */
export const ALWAYS_OPEN: NonNullable<CreateSequenceBody['emailSendingHours']> = (
  ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const
).map((name) => ({ name, enabled: true, fromTime: '00:00', toTime: '24:00' }));

/**
 * A started one-step sequence ("Hello") over the list, sent by the sender, always open; the engine's
 * next tick sends it to every lead of the list.
 */
export async function startedSequence(
  client: BlinkpostClient,
  name: string,
  senderId: string,
  listId: string,
): Promise<{ id: string }> {
  const seq = await client.sequences.create({
    name,
    senders: senderId,
    lists: [listId],
    steps: [{ type: 'email', subject: 'Hello', content: '<p>Hi</p>' }],
    timezone: 'UTC',
    emailSendingHours: ALWAYS_OPEN,
    delayEnabled: false,
  });
  await client.sequences.setStatus(seq.id, 'ACTIVE');
  return seq;
}
