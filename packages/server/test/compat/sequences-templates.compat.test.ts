import { expect, it } from 'vitest';
import { WORKDAYS } from '../engine/engine-fixture.js';
import { describeEachDialect } from '../support/dialects.js';
import { LEADS, useCompatSeed } from './compat-fixture.js';
import { expectAnswer } from './salesblink-client.js';
import {
  envelope,
  offsetPaging,
  okMessage,
  sequence,
  sequenceDetail,
  someData,
  template,
} from './salesblink-shapes.js';
import { anything, arrayOf, count, expectShape, obj, oneOf, str } from './shape.js';

// v1-reference §4.3 (sequences) and §4.4 (templates), called as the SalesBlink CLI calls them.

describeEachDialect('SalesBlink compatibility: sequences and templates (§4.3, §4.4)', (dialect) => {
  const seed = useCompatSeed(dialect);

  it('GET /sequences with the CLI’s query parameters answers typed sequences', async () => {
    const { call, sequenceId, folderId } = seed();
    const q = { limit: 10, skip: 0, search: 'q1', status: 'running', sendAll: true, sortBy: 'name', sortType: 'desc' };
    const body = expectAnswer<{ data: { id: string; sent: number }[] }>(
      await call('GET', '/sequences', { query: q }),
      200,
      envelope(arrayOf(sequence)),
    );
    expect(body.data.map((s) => [s.id, s.sent])).toEqual([[sequenceId, LEADS.length]]);
    const inFolder = await call('GET', '/sequences', { query: { folder: folderId, owned_by: 'Acme' } });
    expect(expectAnswer<{ data: unknown[] }>(inFolder, 200, envelope(arrayOf(sequence))).data).toEqual([]);
  });

  it('GET /sequences/:id answers the sequence with its settings and steps', async () => {
    const { call, sequenceId } = seed();
    const body = expectAnswer<{ data: { status: string; paused: boolean } }>(
      await call('GET', `/sequences/${sequenceId}`),
      200,
      envelope(sequenceDetail),
    );
    expect(body.data).toMatchObject({ status: 'running', paused: false });
  });

  it('POST then PATCH /sequences with the documented body; PUT archive and POST clone answer as documented', async () => {
    const { call, senderId, listId, templateId, folderId } = seed();
    const created = expectAnswer<{ data: { id: string; status: string; paused: boolean } }>(
      await call('POST', '/sequences', {
        body: {
          name: 'Spring',
          senders: `${senderId}`,
          lists: [listId],
          steps: [{ type: 'email', template_id: templateId }],
          folder: folderId,
          starred: true,
          launchTimingMode: 'schedule',
          scheduledAt: String(Date.parse('2026-03-09T09:00:00Z')),
          timezone: 'America/New_York',
          stopWhenReplyRecieved: true,
          stopWhenReplyRecievedWhen: 'contact-with-same-domain',
          bounceThreshold: 2,
          bcc: '',
          emailSendingHours: WORKDAYS,
        },
      }),
      200,
      envelope(sequenceDetail),
    );
    expect(created.data).toMatchObject({ status: 'draft', paused: true });
    const id = created.data.id;
    const filed = await call('GET', '/sequences', { query: { folder: folderId } });
    expect(filed.json<{ data: { id: string }[] }>().data.map((x) => x.id)).toEqual([id]);
    const steps = [
      { type: 'email', template_id: templateId },
      { type: 'delay', days: 3 },
      { type: 'email', template_id: templateId },
    ];
    const patched = expectAnswer<{ data: { name: string; steps: unknown[]; archived: boolean } }>(
      await call('PATCH', `/sequences/${id}`, { body: { name: 'Spring 2', steps, archived: true } }),
      200,
      envelope(sequenceDetail),
    );
    expect(patched.data).toMatchObject({ name: 'Spring 2', steps, archived: false });
    const clone = expectAnswer<{ message: string; data: { clonedSequenceId: string } }>(
      await call('POST', `/sequences/${id}/clone`),
      200,
      envelope(obj({ clonedSequenceId: str })),
    );
    expect(clone.message).toBe('Sequence cloned successfully');
    const copy = (await call('GET', `/sequences/${clone.data.clonedSequenceId}`)).json<{ data: { paused: boolean } }>();
    expect(copy.data.paused).toBe(true);
    expectAnswer(await call('PUT', `/sequences/${id}/archive`, { body: { archived: true } }), 200, okMessage);
  });

  it('POST /sequences/:id/status takes the upper-case vocabulary and answers a typed sequence', async () => {
    const { call, sequenceId } = seed();
    const copyId = (await call('POST', `/sequences/${sequenceId}/clone`)).json<{
      data: { clonedSequenceId: string };
    }>().data.clonedSequenceId;
    const expected = { ACTIVE: 'running', PAUSED: 'paused', STOPPED: 'completed', ARCHIVED: 'archived' } as const;
    for (const [status, now] of Object.entries(expected)) {
      const res = await call('POST', `/sequences/${copyId}/status`, { body: { status } });
      expect(expectAnswer<{ data: { status: string } }>(res, 200, envelope(sequence)).data.status).toBe(now);
    }
  });

  it('GET /sequences/:id/stats takes from, to and sender; /export answers CSV', async () => {
    const { call, sequenceId, senderId } = seed();
    const q = { from: 0, to: Date.parse('2030-01-01'), sender: senderId };
    const stats = expectAnswer<{ data: { sent: number } }>(
      await call('GET', `/sequences/${sequenceId}/stats`, { query: q }),
      200,
      envelope(obj({ sent: count, opens: count, clicks: count, replies: count })),
    );
    expect(stats.data.sent).toBe(LEADS.length);
    const csv = await call('GET', `/sequences/${sequenceId}/export`, { query: { limit: 60_000 } });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.body.trimEnd().split('\r\n')).toHaveLength(1 + LEADS.length);
  });

  it('GET /sequences/:id/leads, …/messages and POST …/unsubscribe answer their documented keys', async () => {
    const { call, sequenceId, leadIds } = seed();
    const leads = expectAnswer<{ data: unknown[]; total: number }>(
      await call('GET', `/sequences/${sequenceId}/leads`, { query: { limit: 600, skip: 0 } }),
      200,
      envelope(arrayOf(anything), { ...offsetPaging, total: count }),
    );
    expect([leads.data.length, leads.total]).toEqual([LEADS.length, LEADS.length]);
    const lead = leadIds[LEADS[1]];
    const q = { from: 0, to: Date.parse('2030-01-01'), limit: 500, skip: 0 };
    const messages = expectAnswer<{ data: unknown[] }>(
      await call('GET', `/sequences/${sequenceId}/leads/${lead}/messages`, { query: q }),
      200,
      envelope(arrayOf(anything), offsetPaging),
    );
    expect(messages.data).toHaveLength(1);
    expectAnswer(await call('POST', `/sequences/${sequenceId}/leads/${lead}/unsubscribe`), 200, okMessage);
  });

  it('templates: GET list with the CLI’s parameters, GET one, POST, PATCH and PUT archive', async () => {
    const { call, templateId, folderId } = seed();
    const q = { limit: 10, skip: 0, search: 'intro', type: 'email', taskType: 'email', includeTests: false };
    const listed = expectAnswer<{ data: { id: string }[] }>(
      await call('GET', '/templates', { query: { ...q, sortBy: 'name', sortType: 'asc', owned_by: 'Acme' } }),
      200,
      envelope(arrayOf(template), offsetPaging),
    );
    expect(listed.data.map((x) => x.id)).toEqual([templateId]);
    expectAnswer(await call('GET', `/templates/${templateId}`), 200, envelope(template));
    const made = expectAnswer<{ data: { id: string; folder: string } }>(
      await call('POST', '/templates', {
        body: {
          name: 'Bump',
          subject_line: 'Quick question',
          content: '<p>Any news?</p>',
          folder: folderId,
          starred: true,
        },
      }),
      200,
      envelope(template),
    );
    expect(made.data.folder).toBe(folderId);
    const unfiled = expectAnswer<{ data: { folder: string } }>(
      await call('PATCH', `/templates/${made.data.id}`, { body: { folder: '', remove_attachments: [] } }),
      200,
      envelope(template),
    );
    expect(unfiled.data.folder).toBe('');
    const archived = await call('PUT', `/templates/${made.data.id}/archive`, { body: { archived: true } });
    expectAnswer(archived, 200, okMessage);
    expectAnswer(await call('GET', '/templates', { query: { folder: folderId } }), 200, someData);
  });

  it('the documented enum values of a sequence are accepted and answered as given', async () => {
    const { call, sequenceId } = seed();
    const body = { stopWhenReplyRecievedWhen: 'contact', launchTimingMode: 'now' };
    const res = await call('PATCH', `/sequences/${sequenceId}`, { body });
    const data = expectAnswer<{ data: unknown }>(res, 200, envelope(sequenceDetail)).data;
    expectShape(data, obj({ stopWhenReplyRecievedWhen: oneOf('contact'), launchTimingMode: oneOf('now') }));
  });
});
