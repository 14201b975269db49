import { STATUS_OF, type ErrorCode } from '@blinkpost/contract';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Answers the error envelope with the status its code maps to. */
export function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  code: ErrorCode,
  message: string,
  details?: unknown,
): FastifyReply {
  const error: Record<string, unknown> = { code, request_id: request.id };
  if (details !== undefined) error['details'] = details;
  return reply.code(STATUS_OF[code]).type('application/json; charset=utf-8').send({ success: false, message, error });
}
