import { expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { useTestServer } from '../support/test-server.js';
import { expectError, expectOk } from '../http/api-fixtures.js';
import { enrollmentOf, listWithLeads, sequenceOver, V1 } from './fixtures.js';

// v1-reference.md §4.3: GET /sequences/:id/export (CSV) and POST /sequences/:id/leads/:leadId/unsubscribe.

/** Parses RFC 4180 CSV (quoted cells, doubled quotes, CRLF) into rows of cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      row.push(cell);
      cell = '';
    } else if (!quoted && c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else {
      cell += c;
    }
  }
  return rows;
}

describeEachDialect('v1 sequence export and per-sequence unsubscribe', (dialect) => {
  const t = useTestServer(dialect);
  const call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    t().call(t().admin, method, `${V1}${path}`, body, headers);

  it('exports the leads as RFC 4180 CSV with formula cells neutralised', async () => {
    const { listId, leadIds } = await listWithLeads(t(), t().admin, [
      { Email: 'plain@example.com', First_Name: 'Plain', Last_Name: 'Smith, Jr.' },
      { Email: 'evil@example.com', First_Name: '=HYPERLINK("http://evil.example","click")', Last_Name: '+1-2' },
      { Email: 'at@example.com', First_Name: '@SUM(A1)', Last_Name: '-5' },
    ]);
    const seq = await sequenceOver(t(), t().admin, [listId]);
    const res = await call('GET', `/sequences/${seq}/export`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="sequence-${seq}.csv"`);
    expect(res.body.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(res.body);
    expect(rows[0]).toEqual([
      'id',
      'email',
      'first_name',
      'last_name',
      'status',
      'lead_status',
      'reason',
      'next_step',
      'next_send_at',
      'sender_id',
      'enrolled_at',
    ]);
    expect(rows).toHaveLength(4);
    const byId = new Map(rows.slice(1).map((r) => [r[0], r]));
    expect(byId.get(leadIds[0])?.slice(1, 5)).toEqual(['plain@example.com', 'Plain', 'Smith, Jr.', 'active']);
    expect(byId.get(leadIds[1])?.slice(2, 4)).toEqual([`'=HYPERLINK("http://evil.example","click")`, "'+1-2"]);
    expect(byId.get(leadIds[2])?.slice(2, 4)).toEqual(["'@SUM(A1)", "'-5"]);
    expect(res.body).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('takes limit (clamped to 50,000) and answers CSV to Accept: text/csv', async () => {
    const { listId } = await listWithLeads(t(), t().admin, [{ Email: 'l1@example.com' }, { Email: 'l2@example.com' }]);
    const seq = await sequenceOver(t(), t().admin, [listId]);
    expect(parseCsv((await call('GET', `/sequences/${seq}/export?limit=1`)).body)).toHaveLength(2);
    const clamped = await call('GET', `/sequences/${seq}/export?limit=60000`, undefined, { accept: 'text/csv' });
    expect(clamped.statusCode).toBe(200);
    expect(clamped.headers['x-export-clamped']).toBe('true');
    expect(parseCsv(clamped.body)).toHaveLength(3);
    expectError(await call('GET', `/sequences/${seq}/export?limit=0`), 400, 'invalid_request');
    expectError(await call('GET', `/sequences/${seq}/export?limit=many`), 400, 'invalid_request');
    expectError(await call('GET', `/sequences/${seq}/leads`, undefined, { accept: 'text/csv' }), 406, 'not_acceptable');
  });

  it('POST /sequences/:id/leads/:leadId/unsubscribe stops the lead in that sequence only', async () => {
    const { listId, leadIds } = await listWithLeads(t(), t().admin, [
      { Email: 'u1@example.com' },
      { Email: 'u2@example.com' },
    ]);
    const s1 = await sequenceOver(t(), t().admin, [listId], 'One');
    const s2 = await sequenceOver(t(), t().admin, [listId], 'Two');
    const res = expectOk(await call('POST', `/sequences/${s1}/leads/${leadIds[0]}/unsubscribe`));
    expect(res).toEqual({ success: true, message: 'Lead removed from the sequence' });
    expect(await enrollmentOf(t(), s1, leadIds[0]!)).toEqual({
      status: 'stopped',
      reason: 'unsubscribed from this sequence',
    });
    expect((await enrollmentOf(t(), s1, leadIds[1]!))?.status).toBe('active');
    expect((await enrollmentOf(t(), s2, leadIds[0]!))?.status).toBe('active');
    const check = expectOk<{ blocked: boolean }>(await call('GET', '/unsubscribe/check?email=u1@example.com'));
    expect(check.data.blocked).toBe(false);
  });

  it('a lead of the sequence not enrolled yet never will be', async () => {
    const { listId, leadIds } = await listWithLeads(t(), t().admin, [{ Email: 'late@example.com' }]);
    const p = t().admin.principal;
    const seq = await t().server.store.sequences.create(
      { workspaceId: p.workspaceId, name: 'Later', ownedBy: p.workspaceName, listIds: [listId] },
      t().clock.now(),
    );
    expectOk(await call('POST', `/sequences/${seq.id}/leads/${leadIds[0]}/unsubscribe`));
    expect(await t().server.store.enrollments.countUnenrolled(seq.id)).toBe(0);
    const elsewhere = await listWithLeads(t(), t().admin, [{ Email: 'elsewhere@example.com' }]);
    expectError(await call('POST', `/sequences/${seq.id}/leads/${elsewhere.leadIds[0]}/unsubscribe`), 404, 'not_found');
  });

  it("another workspace's sequence or lead is a 404", async () => {
    const other = await t().key('Other Co');
    const theirs = await listWithLeads(t(), other, [{ Email: 'theirs@example.com' }]);
    const theirSeq = await sequenceOver(t(), other, [theirs.listId]);
    const mine = await listWithLeads(t(), t().admin, [{ Email: 'mine@example.com' }]);
    const mySeq = await sequenceOver(t(), t().admin, [mine.listId]);
    expectError(await call('GET', `/sequences/${theirSeq}/export`), 404, 'not_found');
    expectError(await call('POST', `/sequences/${theirSeq}/leads/${theirs.leadIds[0]}/unsubscribe`), 404, 'not_found');
    expectError(await call('POST', `/sequences/${mySeq}/leads/${theirs.leadIds[0]}/unsubscribe`), 404, 'not_found');
    expect((await enrollmentOf(t(), theirSeq, theirs.leadIds[0]!))?.status).toBe('active');
  });
});
