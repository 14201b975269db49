import { expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { useTestServer } from '../support/test-server.js';

const V1 = '/api/public/v1.0.0';

// PostgreSQL cannot store a NUL character in text; every route refuses one in any field with a 400
// naming it, on both dialects alike (found by the create-endpoint fuzzer: `folder: "\u0000"` was a 500).
describeEachDialect('a NUL character in any field', (dialect) => {
  const t = useTestServer(dialect);

  it('is a 400 naming the field, in bodies, nested bodies and query strings', async () => {
    const ts = t();
    const tpl = await ts.call(ts.admin, 'POST', `${V1}/templates`, {
      name: 'T',
      subject_line: 'Hi',
      content: '<p>x</p>',
    });
    expect(tpl.statusCode).toBe(200);
    const id = tpl.json<{ data: { id: string } }>().data.id;
    const cases: [string, string, unknown, RegExp][] = [
      ['PATCH', `${V1}/templates/${id}`, { folder: '\u0000' }, /folder/],
      ['POST', `${V1}/lists`, { name: 'a\u0000b' }, /name/],
      [
        'POST',
        '/api/public/contacts',
        { list_id: 'x', contacts: [{ Email: 'a@b.test', First_Name: '\u0000' }] },
        /contacts/,
      ],
      ['GET', `${V1}/templates?search=${encodeURIComponent('\u0000')}`, undefined, /search/],
    ];
    for (const [method, url, body, field] of cases) {
      const res = await ts.call(ts.admin, method, url, body);
      expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(400);
      expect(res.json<{ message: string }>().message).toMatch(field);
      expect(res.json<{ message: string }>().message).toMatch(/NUL/);
    }
  });
});
