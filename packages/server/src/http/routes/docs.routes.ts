import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { OpenApiCollector } from '../openapi.js';

const require = createRequire(import.meta.url);
const UI_DIR = dirname(require.resolve('swagger-ui-dist/package.json'));
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
};

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Blinkpost API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/api/docs/swagger-ui.css"></head>
<body><div id="ui"></div><script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script></body></html>`;
const INIT = `window.ui = SwaggerUIBundle({ url: '/api/public/openapi.json', dom_id: '#ui', deepLinking: true });`;

/** The OpenAPI document and the Swagger UI page that renders it; both public, like any API reference. */
export function docsRoutes(app: FastifyInstance, openapi: OpenApiCollector): void {
  let doc: string | undefined;
  app.get('/api/public/openapi.json', async (_req, reply) => {
    doc ??= JSON.stringify(openapi.document());
    return reply.type('application/json; charset=utf-8').send(doc);
  });
  app.get('/api/docs', async (_req, reply) => reply.type('text/html; charset=utf-8').send(PAGE));
  app.get('/api/docs/init.js', async (_req, reply) => reply.type('application/javascript; charset=utf-8').send(INIT));
  for (const [file, type] of Object.entries(ASSETS)) {
    let body: Buffer | undefined;
    app.get(`/api/docs/${file}`, async (_req, reply) => {
      body ??= readFileSync(join(UI_DIR, file));
      return reply.type(type).header('cache-control', 'public, max-age=86400').send(body);
    });
  }
}
