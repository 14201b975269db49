import { beforeEach, expect, it } from 'vitest';
import type { EnrollmentRecord } from '../../src/store/enrollment.repo.js';
import type { ReserveRequest } from '../../src/store/send-ledger.repo.js';
import { describeEachDialect } from '../support/dialects.js';
import { useStore } from './use-store.js';

const NOW = Date.parse('2026-03-02T10:00:00Z');
const DAY_START = Date.parse('2026-03-02T00:00:00Z');
const NEXT_DAY = DAY_START + 86_400_000;

// The ledger's batched reservation decides each step as if it were alone, in order, in one transaction.
describeEachDialect('SendLedgerRepo.reserveMany and markSentMany', (dialect) => {
  const t = useStore(dialect);
  let workspaceId: string;
  let sequenceId: string;
  let enrollments: EnrollmentRecord[];
  let n = 0;

  beforeEach(async () => {
    const { store } = t();
    n += 1;
    workspaceId = (await store.workspaces.create(`Acme ${n}`, NOW)).id;
    const list = await store.lists.create({ workspaceId, name: 'L', starred: false, ownedBy: 'ann' }, NOW);
    const emails = ['a', 'b', 'c', 'd'].map((x) => `${x}${n}@lead.test`);
    await store.leads.addToList(
      list.id,
      workspaceId,
      false,
      ['Email'],
      () => emails.map((email) => ({ email, emailKey: email, standard: { Email: email }, custom: {} })),
      NOW,
    );
    const seq = await store.sequences.create(
      { workspaceId, name: 'S', ownedBy: 'ann', status: 'running', paused: false, listIds: [list.id] },
      NOW,
    );
    sequenceId = seq.id;
    await store.enrollments.enrollNew({ id: seq.id, workspaceId }, 0, NOW, NOW);
    enrollments = await store.enrollments.claimDue(NOW, 10, 60_000);
    expect(enrollments).toHaveLength(4);
  });

  const request = (e: EnrollmentRecord, over: Partial<ReserveRequest> = {}): ReserveRequest => ({
    enrollmentId: e.id,
    step: 0,
    senderId: `sender-${n}`,
    messageId: `<${e.id}@sender.test>`,
    toEmail: `${e.lead_id}@lead.test`,
    subject: 'Hello',
    variant: 0,
    gapMs: 0,
    cap: 100,
    dayStart: DAY_START,
    leaseMs: 60_000,
    ...over,
  });

  it('a second step for one sender within its gap is paced until the gap ends', async () => {
    const { store } = t();
    const [a, b] = enrollments;
    const out = await store.ledger.reserveMany([request(a!, { gapMs: 90_000 }), request(b!, { gapMs: 90_000 })], NOW);
    expect(out.map((r) => r.kind)).toEqual(['reserved', 'paced']);
    expect(out[1]).toEqual({ kind: 'paced', until: NOW + 90_000 });
    // Another sender is not held by this one's gap.
    const other = await store.ledger.reserveMany([request(b!, { senderId: `other-${n}` })], NOW);
    expect(other.map((r) => r.kind)).toEqual(['reserved']);
  });

  it('counts toward the cap in the batch, gives a place back on retry, and counts each new day afresh', async () => {
    const { store } = t();
    const [a, b, c] = enrollments;
    const out = await store.ledger.reserveMany(
      [request(a!, { cap: 2 }), request(b!, { cap: 2 }), request(c!, { cap: 2 })],
      NOW,
    );
    expect(out.map((r) => r.kind)).toEqual(['reserved', 'reserved', 'capped']);
    expect(await store.ledger.countedSince(`sender-${n}`, DAY_START)).toBe(2);

    // A temporary failure gives its place back: the running count and the ledger agree.
    const first = out[0]!.kind === 'reserved' ? out[0]!.message : undefined;
    await store.ledger.markRetry(first!.id, '451 try later', NOW + 60_000, true, NOW);
    expect(await store.ledger.countedSince(`sender-${n}`, DAY_START)).toBe(1);
    const again = await store.ledger.reserveMany([request(c!, { cap: 2 })], NOW);
    expect(again.map((r) => r.kind)).toEqual(['reserved']);

    // The retried step is taken again with its Message-ID once its turn comes, on the next day.
    const retry = await store.ledger.reserveMany(
      [request(a!, { cap: 2, dayStart: NEXT_DAY, messageId: '<new@sender.test>' })],
      NEXT_DAY + 1,
    );
    expect(retry[0]).toMatchObject({ kind: 'reserved', message: { id: first!.id, message_id: first!.message_id } });
    expect(await store.ledger.countedSince(`sender-${n}`, NEXT_DAY)).toBe(1);
  });

  it('stops a lead that bounced meanwhile, and leaves busy or paused steps alone', async () => {
    const { store, db } = t();
    const [a, b, c] = enrollments;
    await db.kysely.updateTable('leads').set({ status: 'bounced' }).where('id', '=', a!.lead_id).execute();
    const out = await store.ledger.reserveMany([request(a!), request(b!, { step: 3 }), request(c!)], NOW);
    expect(out.map((r) => r.kind)).toEqual(['stopped', 'busy', 'reserved']);
    expect((await store.enrollments.get(a!.id))?.status).toBe('stopped');

    await store.sequences.setStatus(sequenceId, 'paused', '', ['running'], NOW);
    const paused = await store.ledger.reserveMany([request(b!)], NOW);
    expect(paused.map((r) => r.kind)).toEqual(['paused']);
    // A step reserved once is not reserved twice.
    await store.sequences.setStatus(sequenceId, 'running', '', ['paused'], NOW);
    const twice = await store.ledger.reserveMany([request(c!)], NOW);
    expect(twice.map((r) => r.kind)).toEqual(['busy']);
  });

  it('records a batch of accepted messages: ledger, enrollments, leads, activity and counters', async () => {
    const { store, db } = t();
    const out = await store.ledger.reserveMany(
      enrollments.slice(0, 3).map((e) => request(e)),
      NOW,
    );
    const messages = out.map((r) => (r.kind === 'reserved' ? r.message : undefined)!);
    await store.ledger.markSentMany(
      messages.map((m) => ({
        messageRowId: m.id,
        sentAt: NOW + 5,
        enrollmentId: m.enrollment_id,
        leadId: m.lead_id,
        enrollment: { status: 'completed', step: 1, due_at: null, sender_id: m.sender_id },
        activity: {
          workspace_id: workspaceId,
          kind: 'sent',
          time: NOW + 5,
          sequence_id: sequenceId,
          recipient_email: m.to_email,
        },
      })),
    );
    const rows = await db.kysely
      .selectFrom('messages')
      .select('status')
      .where('sequence_id', '=', sequenceId)
      .execute();
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
    expect(await store.enrollments.countByStatus(sequenceId)).toEqual({ completed: 3, active: 1 });
    const leads = await db.kysely
      .selectFrom('leads')
      .select('status')
      .where('workspace_id', '=', workspaceId)
      .orderBy('id')
      .execute();
    expect(leads.map((l) => l.status).sort()).toEqual(['contacted', 'contacted', 'contacted', 'not_contacted']);
    expect((await store.sequences.get(workspaceId, sequenceId))?.sent).toBe(3);
  });

  it('changes a sequence’s status only from the statuses named, so a user’s pause is never overwritten', async () => {
    const { store } = t();
    await store.sequences.update(workspaceId, sequenceId, { status: 'paused' }, NOW);
    expect(await store.sequences.setStatus(sequenceId, 'completed', '', ['running'], NOW)).toBe(false);
    expect(
      await store.sequences.setStatus(sequenceId, 'needs-attention', 'why', ['running', 'needs-attention'], NOW),
    ).toBe(false);
    const seq = await store.sequences.get(workspaceId, sequenceId);
    expect(seq).toMatchObject({ status: 'paused', statusReason: '' });
  });
});
