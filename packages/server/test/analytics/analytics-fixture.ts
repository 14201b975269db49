import type { AnalyticsCounts } from '@blinkpost/contract';
import { newId } from '../../src/store/ids.js';
import { createSequence, expectOk, recordActivity, type ActivityInput } from '../http/api-fixtures.js';
import type { TestKey, TestServer } from '../support/test-server.js';

// What the analytics tests share: a workspace's worth of activity of every kind, put in place through the
// store the way the engine, the tracker and the inbox write it.

export const V1 = '/api/public/v1.0.0';
export const MIN = 60_000;
export const DAY = 86_400_000;
/** The first event of the seeded workspace (a Thursday, before the US clocks change on 8 March). */
export const T0 = Date.parse('2026-03-05T12:00:00Z');

/** A sender of the key's workspace, stored as `POST /senders` stores one. */
export async function createSender(t: TestServer, key: TestKey, email: string, at = t.clock.now()): Promise<string> {
  const sender = await t.server.store.senders.create(
    {
      workspaceId: key.principal.workspaceId,
      ownedBy: key.principal.workspaceName,
      paused: false,
      settings: {
        email,
        fromName: email.split('@')[0]!,
        smtpHost: '127.0.0.1',
        smtpPort: 2525,
        smtpSecure: false,
        smtpUser: email,
        smtpPasswordEnc: '',
        imapHost: '',
        imapPort: 0,
        imapSecure: false,
        imapUser: '',
        imapPasswordEnc: '',
        replyTo: '',
        signature: '',
        dkimSelector: '',
        dkimDomain: '',
        dkimPrivateKeyEnc: '',
        trackingUrl: '',
        timezone: 'UTC',
        maxEmailsPerDay: 100,
        minGapMinutes: 0,
      },
    },
    at,
  );
  return sender.id;
}

/** A 5xx refusal at send time, as the engine leaves it in the ledger. */
export async function recordRefusal(
  t: TestServer,
  key: TestKey,
  r: { sequenceId: string; senderId: string; to: string; at: number },
): Promise<void> {
  await t.server.store.db.kysely
    .insertInto('messages')
    .values({
      id: newId(r.at),
      workspace_id: key.principal.workspaceId,
      enrollment_id: newId(r.at),
      sequence_id: r.sequenceId,
      lead_id: newId(r.at),
      step: 0,
      sender_id: r.senderId,
      status: 'failed',
      message_id: `<${newId(r.at)}@acme.example>`,
      to_email: r.to,
      subject: 'Hello',
      variant: 0,
      attempts: 1,
      last_error: 'bounced: 550 5.1.1 no such user',
      lease_until: null,
      reserved_at: r.at,
      sent_at: null,
      track_key: null,
      links: '[]',
    })
    .execute();
}

/** A recipient's own unsubscribe, as the tracker records it on the blocklist. */
export async function recordUnsubscribe(t: TestServer, key: TestKey, email: string, at: number): Promise<void> {
  await t.server.store.blocklist.add(
    key.principal.workspaceId,
    [{ value: email, type: 'email', source: 'unsubscribe' }],
    at,
  );
}

/** What `seedWorkspace` made. */
export interface Seeded {
  launch: string;
  followUp: string;
  ann: string;
  bob: string;
}

/**
 * Two sequences and two senders with sends, human and machine opens and clicks, a reply and an
 * auto-reply, a hard and a soft bounce read from the inbox, a refusal at send time and an unsubscribe:
 *
 * | recipient | sequence | sender | events |
 * |---|---|---|---|
 * | x | Launch | ann | sent, open, machine open, click, reply, unsubscribe |
 * | y | Launch | ann | sent, machine open, machine click, hard bounce |
 * | z | Launch | bob | sent, auto-reply |
 * | v | Launch | ann | refused (550) |
 * | w | Follow-up | bob | sent (a day later), open, soft bounce |
 */
export async function seedWorkspace(t: TestServer, key: TestKey): Promise<Seeded> {
  const launch = await createSequence(t, key, 'Launch');
  const followUp = await createSequence(t, key, 'Follow-up');
  const ann = await createSender(t, key, 'ann@acme.example', T0 - DAY);
  const bob = await createSender(t, key, 'bob@acme.example', T0 - DAY + 1);
  const row = (
    kind: ActivityInput['kind'],
    at: number,
    seq: string,
    to: string,
    from: string,
    more: Partial<ActivityInput> = {},
  ) => ({
    kind,
    time: at,
    sequence_id: seq,
    recipient_email: to,
    sender_email: from,
    subject: 'Hello',
    step: 1,
    template_name: 'Intro',
    message_id: `<${to}@acme.example>`,
    ...more,
  });
  const a = 'ann@acme.example';
  const b = 'bob@acme.example';
  await recordActivity(t, key, [
    row('sent', T0, launch, 'X@lead.test', a),
    row('sent', T0 + MIN, launch, 'y@lead.test', a),
    row('sent', T0 + 2 * MIN, launch, 'z@lead.test', b),
    row('open', T0 + 10 * MIN, launch, 'x@lead.test', a),
    row('open', T0 + 11 * MIN, launch, 'x@lead.test', a, { machine: 1, machine_reason: 'apple-mpp' }),
    row('open', T0 + 12 * MIN, launch, 'y@lead.test', a, { machine: 1, machine_reason: 'scanner' }),
    row('click', T0 + 20 * MIN, launch, 'x@lead.test', a, { url: 'https://acme.example/' }),
    row('click', T0 + 21 * MIN, launch, 'y@lead.test', a, { url: 'https://acme.example/', machine: 1 }),
    row('reply', T0 + 30 * MIN, launch, 'x@lead.test', a, { snippet: 'Sounds good' }),
    row('reply', T0 + 31 * MIN, launch, 'z@lead.test', b, { snippet: 'Out of office', auto_reply: 1 }),
    row('bounce', T0 + 40 * MIN, launch, 'y@lead.test', a, { bounce: 'hard', snippet: '5.1.1 no such user' }),
    row('sent', T0 + DAY, followUp, 'w@lead.test', b),
    row('open', T0 + DAY + 5 * MIN, followUp, 'w@lead.test', b),
    row('bounce', T0 + DAY + 10 * MIN, followUp, 'w@lead.test', b, { bounce: 'soft', snippet: '4.2.2 mailbox full' }),
  ]);
  await recordRefusal(t, key, { sequenceId: launch, senderId: ann, to: 'V@lead.test', at: T0 + 3 * MIN });
  await recordUnsubscribe(t, key, 'x@lead.test', T0 + 50 * MIN);
  // An address blocked through the API is no one's unsubscribe.
  await t.server.store.blocklist.add(
    key.principal.workspaceId,
    [{ value: 'x2@lead.test', type: 'email', source: 'api' }],
    T0,
  );
  return { launch, followUp, ann, bob };
}

/** Counts with everything zero, to spread the expected numbers over. */
export const ZERO: AnalyticsCounts = {
  sent: 0,
  opens: 0,
  opens_machine: 0,
  clicks: 0,
  clicks_machine: 0,
  replies: 0,
  auto_replies: 0,
  bounces: 0,
  soft_bounces: 0,
  unsubscribes: 0,
  open_rate: 0,
  click_rate: 0,
  reply_rate: 0,
  bounce_rate: 0,
  unsubscribe_rate: 0,
};

/** GET a v1 path and answer the success envelope. */
export async function getOk<T>(t: TestServer, key: TestKey, path: string) {
  return expectOk<T>(await t.call(key, 'GET', `${V1}${path}`));
}
