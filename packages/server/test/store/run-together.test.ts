import { expect, it } from 'vitest';
import {
  idsStatement,
  preparedText,
  runAtomically,
  runTogether,
  statementText,
  type Dialect,
  type Statement,
} from '../../src/store/statement-text.js';
import { describeEachDialect } from '../support/dialects.js';
import { useStore } from './use-store.js';

const NOW = Date.parse('2026-03-02T10:00:00Z');

/** Renames workspaces: a statement numbered from $1 like every batch statement, so the combination must renumber. */
function rename(dialect: Dialect, ids: string[], name: string): Statement {
  if (dialect === 'postgres') {
    return {
      text: preparedText('test: rename', () => 'update workspaces set name = $1 where id = any($2::text[])'),
      params: [name, ids],
    };
  }
  return {
    text: statementText(
      'test: rename',
      ids.length,
      () => `update workspaces set name = ? where id in (${ids.map(() => '?').join(', ')})`,
    ),
    params: [name, ...ids],
  };
}

describeEachDialect('statements run together (runTogether, runAtomically)', (dialect) => {
  const t = useStore(dialect);

  const names = async () =>
    (await t().db.kysely.selectFrom('workspaces').select(['id', 'name']).orderBy('id').execute()).map(
      (r) => `${r.id}=${r.name}`,
    );

  it('run every statement with its own parameters and answer the rows of the last', async () => {
    const { db } = t();
    await db.kysely
      .insertInto('workspaces')
      .values(['a', 'b', 'c'].map((n) => ({ id: `ws-${n}`, name: n, created_at: NOW })))
      .execute();
    const read: Statement =
      dialect === 'postgres'
        ? {
            text: preparedText('test: names', () => 'select id from workspaces where id = any($1::text[]) order by id'),
            params: [['ws-a', 'ws-b']],
          }
        : { text: 'select id from workspaces where id in (?, ?) order by id', params: ['ws-a', 'ws-b'] };
    const rows = await db.kysely
      .transaction()
      .execute((tx) =>
        runTogether<{ id: string }>(tx, [rename(dialect, ['ws-a'], 'first'), rename(dialect, ['ws-c'], 'third'), read]),
      );
    expect(rows.map((r) => r.id)).toEqual(['ws-a', 'ws-b']);
    expect(await names()).toEqual(['ws-a=first', 'ws-b=b', 'ws-c=third']);
    expect(await runTogether(db.kysely, [])).toEqual([]);
  });

  it('all or nothing: a failing statement undoes the ones before it', async () => {
    const { db } = t();
    const before = await names();
    const failing = idsStatement(
      dialect,
      'test: bad time',
      NOW,
      ['ws-b'],
      (time, idIn) => `update workspaces set created_at = ${time} / 0 where id ${idIn}`,
    );
    // PostgreSQL refuses a division by zero; SQLite answers null, which the NOT NULL column refuses.
    await expect(runAtomically(db.kysely, [rename(dialect, ['ws-a', 'ws-b'], 'lost'), failing])).rejects.toThrow();
    expect(await names()).toEqual(before);
    await runAtomically(db.kysely, [rename(dialect, ['ws-a'], 'kept'), rename(dialect, ['ws-b'], 'also')]);
    expect(await names()).toEqual(['ws-a=kept', 'ws-b=also', 'ws-c=third']);
  });
});
