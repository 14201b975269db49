import { Ajv, type Options } from 'ajv';
import type { FastifySchema, FastifySchemaCompiler } from 'fastify';

// Query strings and paths arrive as text, so their numbers and booleans must be coerced; a JSON
// body arrives typed, so `{"list_id": 42}` is a wrong type (400), never quietly the string "42".
const BASE: Options = { useDefaults: true, removeAdditional: false, allErrors: false, strict: false };
const coercing = new Ajv({ ...BASE, coerceTypes: 'array' });
const strictTypes = new Ajv({ ...BASE, coerceTypes: false });

/** Validator compiler: strict types for bodies, coercion for query strings, params and headers. */
export const validatorCompiler: FastifySchemaCompiler<FastifySchema> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? strictTypes : coercing).compile(schema as object);
