import { expect, it } from 'vitest';
import { createTestDb } from '../support/dialects.js';

// SQLite statements are kept prepared and reused, including by streamed reads.
it('a kept statement serves again after a stream, whole or left half-way', async () => {
  const testDb = await createTestDb('sqlite');
  const db = await testDb.open();
  try {
    const now = Date.parse('2026-03-02T10:00:00Z');
    for (const name of ['a', 'b', 'c']) {
      await db.kysely
        .insertInto('workspaces')
        .values({ id: `ws-${name}`, name, created_at: now })
        .execute();
    }
    const query = () => db.kysely.selectFrom('workspaces').select('name').orderBy('name');
    // Kysely holds SQLite's one connection while a stream is open, so the same text can only come back
    // after it: left half-way (the iterator closed early), then read again, streamed and executed.
    for await (const row of query().stream()) {
      expect(row.name).toBe('a');
      break;
    }
    expect((await query().execute()).map((r) => r.name)).toEqual(['a', 'b', 'c']);
    const streamed: string[] = [];
    for await (const row of query().stream()) streamed.push(row.name);
    expect(streamed).toEqual(['a', 'b', 'c']);
    expect((await query().execute()).map((r) => r.name)).toEqual(['a', 'b', 'c']);
  } finally {
    await db.close();
    await testDb.destroy();
  }
});
