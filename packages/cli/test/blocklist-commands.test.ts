import { beforeAll, expect, it } from 'vitest';
import type { BlockEntry, BlocklistAdded, BlocklistCheck } from '@blinkpost/contract';
import type { Page } from '@blinkpost/sdk';
import { describeEachDialect } from '../../server/test/support/dialects.js';
import { ensureBuilt } from './support/cli.js';
import { json, useRemoteCli } from './support/remote.js';

beforeAll(() => ensureBuilt());

describeEachDialect('blinkpost blocklist against a running server', (dialect) => {
  const remote = useRemoteCli(dialect, ['blocklist']);
  const cli = remote.cli;

  it('adds, reports refused values, lists, checks, removes, deletes and clears', { timeout: 120_000 }, async () => {
    const adding = await cli('add', 'Ann@Lead.test', 'acme.test', '@beta.test', 'not a value');
    expect(adding.code).toBe(0);
    expect(adding.stderr).toBe('blinkpost: refused not a value: is neither an email address nor a domain\n');
    const added = JSON.parse(adding.stdout) as BlocklistAdded;
    expect(added.added.map((e) => [e.email, e.type, e.source])).toEqual([
      ['ann@lead.test', 'email', 'api'],
      ['acme.test', 'domain', 'api'],
      ['beta.test', 'domain', 'api'],
    ]);
    expect(added.rejected.map((r) => r.value)).toEqual(['not a value']);
    const again = await cli('add', 'ann@lead.test', 'cy@lead.test', '--format', 'table');
    expect(again.stdout).toMatch(/^ID +VALUE +TYPE +SOURCE +ADDED\n\S+ +cy@lead\.test +email +api/);
    expect(again.stdout).toContain('1 added, 1 already blocked, 0 refused.');

    const [page, domains, search, all, blocked, free, freeTable] = await Promise.all([
      cli('list', '--limit', '2'),
      cli('list', '--type', 'domain'),
      cli('list', '--search', 'BETA'),
      cli('list', '--all', '--limit', '1'),
      cli('check', 'ops@acme.test'),
      cli('check', 'ann@elsewhere.test'),
      cli('check', 'ann@elsewhere.test', '--format', 'table'),
    ]);
    expect(json<Page<BlockEntry>>(page)).toMatchObject({ total: 4, limit: 2, skip: 0 });
    expect(json<Page<BlockEntry>>(page).data).toHaveLength(2);
    expect(
      json<Page<BlockEntry>>(domains)
        .data.map((e) => e.email)
        .sort(),
    ).toEqual(['acme.test', 'beta.test']);
    expect(json<Page<BlockEntry>>(search).data.map((e) => e.email)).toEqual(['beta.test']);
    const every = json<BlockEntry[]>(all);
    expect(every.map((e) => e.email).sort()).toEqual(['acme.test', 'ann@lead.test', 'beta.test', 'cy@lead.test']);
    expect(json<BlocklistCheck>(blocked)).toMatchObject({ blocked: true, entries: [{ email: 'acme.test' }] });
    expect(json<BlocklistCheck>(free)).toEqual({ email: 'ann@elsewhere.test', blocked: false, entries: [] });
    expect(freeTable.stdout).toBe('ann@elsewhere.test is not blocked.\n');

    expect(json<{ removed: number }>(await cli('remove', 'acme.test', 'nobody@lead.test'))).toEqual({ removed: 1 });
    expect(json<BlocklistCheck>(await cli('check', 'ops@acme.test')).blocked).toBe(false);

    const beta = every.find((e) => e.email === 'beta.test')!;
    expect(json<{ id: string; deleted: boolean }>(await cli('delete', beta.id))).toEqual({
      id: beta.id,
      deleted: true,
    });
    const gone = await cli('delete', beta.id);
    expect(gone.code).toBe(3);
    expect(gone.stderr).toContain('`blinkpost blocklist list` shows them');

    const refused = await cli('clear');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('without --yes');
    expect(json<Page<BlockEntry>>(await cli('list')).total).toBe(2);
    expect(json<{ removed: number }>(await cli('clear', '--yes'))).toEqual({ removed: 2 });
    const empty = await cli('list', '--format', 'table');
    expect(empty.stdout).toContain('Nothing blocked');
  });

  it('exits 1 when every value is refused, and 2 without a key', async () => {
    const [bad, noKey] = await Promise.all([cli('add', 'not a value', '@'), remote.cli('list', '--api-key', '')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('neither an email address nor a domain');
    expect(json<Page<BlockEntry>>(await cli('list')).total).toBe(0);
    expect([noKey.code, noKey.stderr.split('\n')[0]]).toEqual([2, 'blinkpost: no API key']);
  });
});
