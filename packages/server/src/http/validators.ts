import { Ajv, type ErrorObject, type Options, type ValidateFunction } from 'ajv';
import type { FastifySchema, FastifySchemaCompiler } from 'fastify';

// Query strings and paths arrive as text, so their numbers and booleans must be coerced; a JSON
// body arrives typed, so `{"list_id": 42}` is a wrong type (400), never quietly the string "42".
const BASE: Options = { useDefaults: true, removeAdditional: false, allErrors: false, strict: false };
const coercing = new Ajv({ ...BASE, coerceTypes: 'array' });
const strictTypes = new Ajv({ ...BASE, coerceTypes: false });

/** Where in a request part a string holds a NUL character, as a JSON pointer; `undefined` when none does. */
function nulAt(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, inner] of Object.entries(value)) {
    const found = nulAt(inner, `${path}/${key}`);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * No field of any request may hold a NUL character: PostgreSQL cannot store one in text, and none has a
 * meaning. Refused here, for every route at once, as a 400 naming the field.
 */
function refusingNul(validate: ValidateFunction): ValidateFunction {
  const wrapped = ((data: unknown) => {
    const at = nulAt(data, '');
    if (at !== undefined) {
      const error: ErrorObject = {
        instancePath: at,
        schemaPath: '#',
        keyword: 'nul',
        params: {},
        message: 'must not contain a NUL character (\\u0000)',
      };
      wrapped.errors = [error];
      return false;
    }
    const ok = validate(data);
    wrapped.errors = validate.errors;
    return ok;
  }) as ValidateFunction;
  return wrapped;
}

/** Validator compiler: strict types for bodies, coercion for query strings, params and headers. */
export const validatorCompiler: FastifySchemaCompiler<FastifySchema> = ({ schema, httpPart }) =>
  refusingNul((httpPart === 'body' ? strictTypes : coercing).compile(schema as object));
