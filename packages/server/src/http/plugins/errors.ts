import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError } from '../../domain/app-error.js';
import { sendError } from '../error-reply.js';
import { validationMessage } from '../validation-message.js';

// Fastify's own error codes for what a client sent, and the code each answers with.
const FASTIFY_CODES: Record<
  string,
  { code: 'invalid_json' | 'payload_too_large' | 'unsupported_media_type'; message: string }
> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'invalid_json', message: 'The request body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'invalid_json', message: 'The request body is empty; send a JSON object' },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    code: 'payload_too_large',
    message: 'The request body is larger than the server accepts',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'unsupported_media_type',
    message: 'The request body must be JSON (Content-Type: application/json)',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'invalid_json', message: 'Content-Length does not match the body' },
};

/** One error handler: app errors and client mistakes keep their meaning; anything else is a 500 with a request id. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof AppError) return sendError(request, reply, err.code, err.message, err.details);
    if (err.validation && err.validation.length > 0) {
      const first = err.validation[0]!;
      const { field, message } = validationMessage(first, err.validationContext ?? 'body');
      return sendError(request, reply, 'invalid_request', message, { field, in: err.validationContext });
    }
    const known = err.code ? FASTIFY_CODES[err.code] : undefined;
    if (known) return sendError(request, reply, known.code, known.message);
    if (err instanceof SyntaxError && err.message.includes('JSON')) {
      return sendError(request, reply, 'invalid_json', 'The request body is not valid JSON');
    }
    if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
      return sendError(request, reply, 'invalid_request', 'The request could not be read');
    }
    request.log.error({ err }, 'unhandled error');
    return sendError(
      request,
      reply,
      'internal_error',
      `Something went wrong on the server; quote request id ${request.id} when reporting it`,
    );
  });
}
