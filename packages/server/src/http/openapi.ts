import type { FastifyInstance, RouteOptions } from 'fastify';
import { ErrorBody, IDEMPOTENCY_KEY_HEADER, IdempotencyKey } from '@blinkpost/contract';

type JsonSchema = Record<string, unknown>;

declare module 'fastify' {
  interface FastifySchema {
    summary?: string;
    description?: string;
    tags?: string[];
    /** left out of the OpenAPI document */
    hide?: boolean;
  }
}

/** The OpenAPI 3.1 document, assembled from the very schemas that validate requests. */
export interface OpenApiCollector {
  document(): JsonSchema;
}

const ERROR_STATUSES: Record<string, string> = {
  '400': 'A field is missing, of the wrong type or not allowed; the message names it',
  '401': 'No key, an unknown key, or a revoked key',
  '403': 'The key may not do this',
  '404': 'No such path, or no such id in this workspace',
  '405': 'The path exists; the Allow header lists its methods',
  '406': 'The Accept header admits no JSON',
  '413': 'The body is over the limit',
  '415': 'The body is not JSON',
  '429': 'Over the rate limit; see Retry-After',
  '503': 'Maintenance mode or shutting down; see Retry-After',
};

const toOpenApiPath = (url: string) => url.replace(/:([A-Za-z_]+)/g, '{$1}');

// TypeBox marks schemas with symbol keys; a JSON round trip leaves plain JSON Schema.
const plain = (s: unknown): JsonSchema => JSON.parse(JSON.stringify(s)) as JsonSchema;

const errorResponse = (description: string): JsonSchema => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

function idempotencyKeyParameter(): JsonSchema {
  const { description, ...schema } = plain(IdempotencyKey);
  return { name: IDEMPOTENCY_KEY_HEADER, in: 'header', required: false, description, schema };
}

// Every POST takes an Idempotency-Key (public-api.md §3), and may answer its two refusals.
function withIdempotencyKey(op: JsonSchema): JsonSchema {
  const responses = op['responses'] as Record<string, JsonSchema>;
  return {
    ...op,
    parameters: [...(op['parameters'] as JsonSchema[]), idempotencyKeyParameter()],
    responses: {
      ...responses,
      '409': responses['409'] ?? errorResponse('A conflict, or a request with this Idempotency-Key is still running'),
      '422': errorResponse('This Idempotency-Key was used for a different request in the last 24 h'),
    },
  };
}

function parametersOf(where: 'query' | 'path', schema: unknown): JsonSchema[] {
  if (!schema) return [];
  const s = plain(schema);
  const props = (s['properties'] ?? {}) as Record<string, JsonSchema>;
  const required = new Set((s['required'] ?? []) as string[]);
  return Object.entries(props).map(([name, p]) => {
    const { description, ...rest } = p;
    return {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      schema: rest,
      ...(description ? { description } : {}),
    };
  });
}

/** Starts collecting routes; call before any route is added. */
export function collectOpenApi(app: FastifyInstance, info: { title: string; version: string }): OpenApiCollector {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  app.addHook('onRoute', (route: RouteOptions) => {
    const schema = route.schema as (JsonSchema & { hide?: boolean }) | undefined;
    if (!schema || schema.hide || route.method === 'HEAD') return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const responses: Record<string, JsonSchema> = {};
    for (const [status, body] of Object.entries((schema['response'] ?? {}) as Record<string, unknown>)) {
      const description = Number(status) < 400 ? 'Success' : status === '501' ? 'Not part of Blinkpost' : 'Error';
      // A response schema may name its own media type (the CSV export); JSON otherwise.
      const media = (plain(body)['contentMediaType'] as string | undefined) ?? 'application/json';
      responses[status] = { description, content: { [media]: { schema: plain(body) } } };
    }
    for (const [status, description] of Object.entries(ERROR_STATUSES)) responses[status] = errorResponse(description);
    const op: JsonSchema = {
      summary: schema['summary'],
      ...(schema['description'] ? { description: schema['description'] } : {}),
      tags: schema['tags'],
      parameters: [...parametersOf('path', schema['params']), ...parametersOf('query', schema['querystring'])],
      ...(schema['body']
        ? { requestBody: { required: true, content: { 'application/json': { schema: plain(schema['body']) } } } }
        : {}),
      responses,
    };
    const path = toOpenApiPath(route.url);
    for (const m of methods) (paths[path] ??= {})[m.toLowerCase()] = m === 'POST' ? withIdempotencyKey(op) : op;
  });
  return {
    document: () => ({
      openapi: '3.1.0',
      info: {
        ...info,
        description:
          'SalesBlink-compatible API of Blinkpost. Legacy endpoints live under /api/public, the v1 API under /api/public/v1.0.0.',
      },
      servers: [{ url: '/' }],
      security: [{ apiKey: [] }],
      components: {
        securitySchemes: {
          apiKey: {
            type: 'apiKey',
            in: 'header',
            name: 'Authorization',
            description: 'The raw key; "Bearer <key>" works too',
          },
        },
        schemas: { Error: plain(ErrorBody) },
      },
      paths,
    }),
  };
}
