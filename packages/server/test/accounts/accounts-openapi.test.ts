import { beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { useTestServer } from '../support/test-server.js';

interface OpenApiDoc {
  paths: Record<string, Record<string, { summary?: string; responses: Record<string, unknown> }>>;
}

const ROUTES: [string, string, string][] = [
  ['get', '/keys', '200'],
  ['post', '/keys', '200'],
  ['post', '/keys/{id}/refresh', '200'],
  ['delete', '/keys/{id}', '200'],
  ['get', '/users', '200'],
  ['post', '/users', '200'],
  ['patch', '/users/{id}', '200'],
  ['get', '/workspaces', '200'],
  ['post', '/workspaces', '201'],
  ['patch', '/workspaces/{id}', '200'],
  ['get', '/folders', '200'],
  ['post', '/folders', '200'],
];

describeEachDialect('OpenAPI of keys, users, workspaces and folders', (dialect) => {
  const t = useTestServer(dialect);
  let doc: OpenApiDoc;

  beforeAll(async () => {
    doc = (await t().call(undefined, 'GET', '/api/public/openapi.json')).json<OpenApiDoc>();
  });

  it.each(ROUTES)('documents %s %s (v1 only) with its %s answer', (method, path, status) => {
    const op = doc.paths[`/api/public/v1.0.0${path}`]?.[method];
    expect(op?.summary).toEqual(expect.any(String));
    expect(Object.keys(op?.responses ?? {})).toContain(status);
    expect(doc.paths[`/api/public${path}`]?.[method]).toBeUndefined();
  });
});
