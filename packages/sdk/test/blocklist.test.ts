import { expect, it } from 'vitest';
import { describeEachDialect } from '../../server/test/support/dialects.js';
import { useServedApi } from './support/served-api.js';

describeEachDialect('SDK blocklist against a real server', (dialect) => {
  const api = useServedApi(dialect);

  it('adds, checks, lists, removes and clears entries', async () => {
    const { client } = api();
    const added = await client.blocklist.add(['ann@block.test', '@spam.test', 'not an address']);
    expect(added.added.map((e) => [e.email, e.type])).toEqual([
      ['ann@block.test', 'email'],
      ['spam.test', 'domain'],
    ]);
    expect(added.rejected).toMatchObject([{ index: 2, value: 'not an address' }]);

    const check = await client.blocklist.check('Bob@SPAM.test');
    expect(check.blocked).toBe(true);
    expect(check.entries.map((e) => e.email)).toEqual(['spam.test']);
    expect((await client.blocklist.check('bob@fine.test')).blocked).toBe(false);

    const page = await client.blocklist.list({ type: 'email', limit: 10 });
    expect(page).toMatchObject({ total: 1, skip: 0, limit: 10 });
    expect(page.data.map((e) => e.email)).toEqual(['ann@block.test']);

    expect(await client.blocklist.remove(['ann@block.test'])).toBe(1);
    const domain = added.added[1]!;
    await client.blocklist.delete(domain.id);
    expect((await client.blocklist.list()).total).toBe(0);

    await client.blocklist.add(['x@block.test', 'y@block.test']);
    expect(await client.blocklist.clear()).toBe(2);
    await expect(client.blocklist.delete(domain.id)).rejects.toMatchObject({ status: 404, code: 'not_found' });
  });
});
