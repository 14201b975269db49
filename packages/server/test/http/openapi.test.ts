import { beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { useTestServer } from '../support/test-server.js';

// public-api.md §3: GET /api/public/openapi.json describes every endpoint of both generations from
// the schemas that validate requests, and GET /api/docs renders it with Swagger UI.

type Json = Record<string, unknown>;
interface Operation {
  summary?: string;
  parameters: { name: string; in: string; required: boolean; schema: Json }[];
  requestBody?: { required: boolean; content: { 'application/json': { schema: Json } } };
  responses: Record<string, { description: string; content?: Record<string, { schema: Json }> }>;
}
interface OpenApiDoc {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Json>; securitySchemes: Record<string, Json> };
}

const SHARED: [string, string][] = [
  ['get', '/lists'],
  ['post', '/contacts'],
  ['post', '/contacts/remove'],
  ['get', '/sequences'],
  ['get', '/sent'],
  ['get', '/opens'],
  ['get', '/clicks'],
  ['get', '/replies'],
];
const V1_ONLY: [string, string][] = [
  ['post', '/lists'],
  ['get', '/lists/{id}'],
  ['get', '/maintenance'],
  ['put', '/maintenance'],
  ['get', '/keys'],
];
const EXPECTED = [
  ...SHARED.map(([m, p]) => [m, `/api/public${p}`]),
  ...[...SHARED, ...V1_ONLY].map(([m, p]) => [m, `/api/public/v1.0.0${p}`]),
];

describeEachDialect('the OpenAPI document and its UI', (dialect) => {
  const t = useTestServer(dialect);
  let doc: OpenApiDoc;

  beforeAll(async () => {
    const res = await t().call(undefined, 'GET', '/api/public/openapi.json');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    doc = res.json<OpenApiDoc>();
  });

  it('is OpenAPI 3.1 with a title, a version and the raw-key security scheme', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: expect.any(String) as string, version: expect.any(String) as string });
    expect(doc.components.securitySchemes['apiKey']).toMatchObject({
      type: 'apiKey',
      in: 'header',
      name: 'Authorization',
    });
  });

  it.each(EXPECTED)('documents %s %s', (method, path) => {
    const op = doc.paths[path]?.[method];
    expect(op, `${method} ${path}`).toBeDefined();
    expect(op?.summary).toEqual(expect.any(String));
    expect(Object.keys(op?.responses ?? {})).toEqual(expect.arrayContaining(['200', '400', '401', '404', '429']));
  });

  it('documents only routes the server serves, each under an API prefix', () => {
    for (const [path, ops] of Object.entries(doc.paths)) {
      expect(path).toMatch(/^\/api\/public\//);
      for (const method of Object.keys(ops)) {
        const url = path.replace(/\{(\w+)\}/g, ':$1');
        expect(t().app.hasRoute({ method: method.toUpperCase(), url }), `${method} ${path}`).toBe(true);
      }
    }
  });

  it('declares every path parameter, required, and every query parameter with a schema', () => {
    for (const [path, ops] of Object.entries(doc.paths)) {
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const op of Object.values(ops)) {
        const declared = op.parameters.filter((p) => p.in === 'path');
        expect(declared.map((p) => p.name).sort()).toEqual([...inPath].sort());
        expect(declared.every((p) => p.required)).toBe(true);
        for (const p of op.parameters) expect(p.schema).toEqual(expect.any(Object));
      }
    }
    const feed = doc.paths['/api/public/opens']?.['get'];
    expect(feed?.parameters.map((p) => p.name)).toEqual(
      expect.arrayContaining([
        'sequence_id',
        'recipient_email_address',
        'since',
        'from',
        'to',
        'page',
        'per_page',
        'human',
      ]),
    );
  });

  it('points every $ref at a schema the document holds', () => {
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1] ?? '');
    expect(refs.length).toBeGreaterThan(0);
    for (const name of new Set(refs)) expect(doc.components.schemas[name], name).toBeDefined();
  });

  it('carries the contacts request body schema', () => {
    for (const prefix of ['/api/public', '/api/public/v1.0.0']) {
      const body = doc.paths[`${prefix}/contacts`]?.['post']?.requestBody;
      expect(body?.required).toBe(true);
      const schema = body?.content['application/json'].schema ?? {};
      expect(schema).toMatchObject({
        type: 'object',
        required: expect.arrayContaining(['list_id', 'contacts']) as string[],
        properties: {
          list_id: { type: 'string' },
          contacts: { type: 'array', minItems: 1, maxItems: 10_000, items: { type: 'object' } },
          remove_duplicates: { type: 'boolean' },
        },
      });
    }
  });

  it('holds plain JSON Schema 2020-12 (the dialect of OpenAPI 3.1), not OpenAPI 3.0 idioms', () => {
    const TYPES = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'];
    let checked = 0;
    const walk = (s: unknown, where: string): void => {
      if (Array.isArray(s)) return s.forEach((x, i) => walk(x, `${where}[${i}]`));
      if (typeof s !== 'object' || s === null) return;
      const o = s as Json;
      expect(o, where).not.toHaveProperty('nullable');
      if ('type' in o) {
        checked += 1;
        for (const ty of [o['type']].flat()) expect(TYPES, `${where}.type`).toContain(ty);
      }
      if (Array.isArray(o['required']) && typeof o['properties'] === 'object') {
        for (const r of o['required']) expect(o['properties'], `${where}.required`).toHaveProperty([String(r)]);
      }
      for (const [k, v] of Object.entries(o)) {
        // The keys of `properties` are field names (a field may be called "type"), its values schemas.
        if (k === 'properties') Object.entries(v as Json).forEach(([f, fs]) => walk(fs, `${where}.properties.${f}`));
        else walk(v, `${where}.${k}`);
      }
    };
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        walk(op.requestBody, `${method} ${path} body`);
        walk(op.responses, `${method} ${path} responses`);
        walk(op.parameters, `${method} ${path} parameters`);
      }
    }
    walk(doc.components.schemas, 'components');
    expect(checked).toBeGreaterThan(EXPECTED.length);
  });

  it('serves /api/docs as HTML that loads Swagger UI and points it at the document', async () => {
    const page = await t().call(undefined, 'GET', '/api/docs');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    const assets = [...page.body.matchAll(/(?:href|src)="([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(assets).toEqual(
      expect.arrayContaining(['/api/docs/swagger-ui.css', '/api/docs/swagger-ui-bundle.js', '/api/docs/init.js']),
    );
    const init = await t().call(undefined, 'GET', '/api/docs/init.js');
    expect(init.body).toContain('/api/public/openapi.json');
    expect(init.body).toContain('SwaggerUIBundle');
  });

  it.each([
    ['/api/docs/swagger-ui.css', 'text/css', /\.swagger-ui/],
    ['/api/docs/swagger-ui-bundle.js', 'application/javascript', /SwaggerUIBundle/],
    ['/api/docs/init.js', 'application/javascript', /SwaggerUIBundle\(/],
  ])('serves %s', async (url, type, marker) => {
    const res = await t().call(undefined, 'GET', url);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain(type);
    expect(res.body).toMatch(marker);
  });
});
