import { beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { useCompatSeed, type Seed } from './compat-fixture.js';
import { expectAnswer } from './salesblink-client.js';
import { errorBody } from './salesblink-shapes.js';

// v1-reference §4.12: lists, templates and sequences go in general folders (the `folder` field of
// their create and update bodies). A folder id the workspace does not have — unknown, or another
// workspace's — is a 404 naming it, like any unknown id; an email-sender folder is a 400 naming
// `folder`. Nothing is created or changed by a refused request; "" takes a resource out of its folder.

type Resource = 'lists' | 'templates' | 'sequences';

const createBody = (s: Seed, kind: Resource, folder: string): Record<string, unknown> => {
  if (kind === 'lists') return { name: 'Filed', folder };
  if (kind === 'templates') return { name: 'Filed', subject_line: 'Hi', content: '<p>Hi</p>', folder };
  return {
    name: 'Filed',
    senders: s.senderId,
    lists: [s.listId],
    steps: [{ type: 'email', template_id: s.templateId }],
    folder,
  };
};

const existingId = (s: Seed, kind: Resource): string =>
  kind === 'lists' ? s.listId : kind === 'templates' ? s.templateId : s.sequenceId;

const count = async (s: Seed, kind: Resource): Promise<number> =>
  (await s.call('GET', `/${kind}`, { query: kind === 'sequences' ? { sendAll: true } : {} })).json<{
    data: unknown[];
  }>().data.length;

describeEachDialect('SalesBlink compatibility: folder ids on lists, templates and sequences (§4.12)', (dialect) => {
  const seed = useCompatSeed(dialect);
  let foreignFolder = '';

  beforeAll(async () => {
    const res = await seed().other('POST', '/folders', { body: { name: 'Theirs' } });
    foreignFolder = res.json<{ data: { id: string } }>().data.id;
  });

  it.each(['lists', 'templates', 'sequences'] as const)(
    '%s: create and update refuse unknown, foreign and sender folders',
    async (kind) => {
      const s = seed();
      const before = await count(s, kind);
      for (const [folder, status] of [
        ['3f2b8c1e-0000-4000-8000-00000000f01d', 404],
        [foreignFolder, 404],
        [s.senderFolderId, 400],
      ] as const) {
        const made = expectAnswer<{ message: string }>(
          await s.call('POST', `/${kind}`, { body: createBody(s, kind, folder) }),
          status,
          errorBody,
        );
        expect(made.message).toContain('folder');
        const changed = expectAnswer<{ message: string }>(
          await s.call('PATCH', `/${kind}/${existingId(s, kind)}`, { body: { folder } }),
          status,
          errorBody,
        );
        expect(changed.message).toContain('folder');
      }
      expect(await count(s, kind)).toBe(before);
      const got = await s.call('GET', `/${kind}/${existingId(s, kind)}`);
      expect(got.json<{ data: { folder?: string } }>().data.folder ?? '').toBe('');
    },
  );

  it.each(['lists', 'templates', 'sequences'] as const)(
    '%s: a general folder is kept, filters the listing, and "" unfiles',
    async (kind) => {
      const s = seed();
      const made = await s.call('POST', `/${kind}`, { body: createBody(s, kind, ` ${s.folderId} `) });
      expect(made.statusCode, made.body).toBe(200);
      const id = made.json<{ data: { id: string; folder: string } }>().data.id;
      expect(made.json<{ data: { folder: string } }>().data.folder).toBe(s.folderId);
      const filed = await s.call('GET', `/${kind}`, { query: { folder: s.folderId } });
      expect(filed.json<{ data: { id: string }[] }>().data.map((x) => x.id)).toEqual([id]);
      const out = await s.call('PATCH', `/${kind}/${id}`, { body: { folder: '' } });
      expect(out.statusCode, out.body).toBe(200);
      const after = await s.call('GET', `/${kind}`, { query: { folder: s.folderId } });
      expect(after.json<{ data: unknown[] }>().data).toEqual([]);
    },
  );
});
