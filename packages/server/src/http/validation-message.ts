import type { FastifySchemaValidationError } from 'fastify';

/** Turns an Ajv path such as `/contacts/3/Email` into `contacts[3].Email`. */
export function fieldPath(instancePath: string, root: string): string {
  let out = root;
  for (const part of instancePath.split('/').slice(1)) {
    const name = part.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(name) ? `[${name}]` : out === '' ? name : `.${name}`;
  }
  return out;
}

/** A sentence naming the field a schema check failed on, e.g. `contacts must contain at least 1 item`. */
export function validationMessage(
  err: FastifySchemaValidationError,
  context: string,
): { field: string; message: string } {
  const base = fieldPath(err.instancePath, '');
  const params = err.params;
  const join = (child: string) => (base === '' ? child : `${base}.${child}`);
  switch (err.keyword) {
    case 'required': {
      const field = join(String(params['missingProperty']));
      return { field, message: `${field} is required` };
    }
    case 'additionalProperties': {
      const field = join(String(params['additionalProperty']));
      return { field, message: `${field} is not a known field` };
    }
    case 'type': {
      const field = base || context;
      return { field, message: `${field} must be ${article(String(params['type']))}` };
    }
    case 'minItems':
      return { field: base, message: `${base} must contain at least ${String(params['limit'])} item(s)` };
    case 'maxItems':
      return { field: base, message: `${base} must contain at most ${String(params['limit'])} items` };
    case 'minLength':
      return { field: base, message: `${base} must not be empty` };
    case 'const':
    case 'enum': {
      const allowed = (params['allowedValues'] ?? [params['allowedValue']]) as unknown[];
      return { field: base, message: `${base} must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}` };
    }
    case 'anyOf':
      return { field: base, message: `${base} has an unknown value` };
    default:
      return { field: base || context, message: `${base || context} ${err.message ?? 'is invalid'}` };
  }
}

function article(type: string): string {
  const t = type.split(',')[0] ?? type;
  if (t === 'integer') return 'an integer';
  if (t === 'object' || t === 'array') return `an ${t}`;
  return `a ${t}`;
}
