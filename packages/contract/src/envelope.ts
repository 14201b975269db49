import { Type, type TSchema } from '@sinclair/typebox';
import { ERROR_CODES } from './error-codes.js';

/** The success envelope every JSON endpoint answers with: `{success: true, message?, data}`. */
export const Ok = <T extends TSchema>(data: T, extra: Record<string, TSchema> = {}) =>
  Type.Object({
    success: Type.Literal(true),
    message: Type.Optional(Type.String()),
    data,
    ...extra,
  });

/** The error envelope: a sentence naming the field or cause, and a stable code. */
export const ErrorBody = Type.Object({
  success: Type.Literal(false),
  message: Type.String(),
  error: Type.Object({
    code: Type.Union(ERROR_CODES.map((c) => Type.Literal(c))),
    request_id: Type.Optional(Type.String()),
    details: Type.Optional(Type.Unknown()),
  }),
});
