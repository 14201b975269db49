import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from '../error-reply.js';

/** Whether an Accept header admits a JSON answer: absent, any type, application/any, or a JSON type. */
export function acceptsJson(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === '') return true;
  return accept.split(',').some((part) => {
    const [type = '', ...params] = part.trim().toLowerCase().split(';');
    const refused = params.some((p) => /^\s*q\s*=\s*0(\.0*)?\s*$/.test(p));
    if (refused) return false;
    const t = type.trim();
    return t === '*/*' || t === 'application/*' || t === 'application/json' || t.endsWith('+json');
  });
}

// The one JSON-API route answering CSV (a sequence export) also serves clients that ask for text/csv.
const CSV_ROUTE = /\/sequences\/[^/?]+\/export(\?|$)/;
const acceptsCsv = (accept: string): boolean => /(^|,)\s*text\/(csv|\*)\s*(;|,|$)/i.test(accept);

/** onRequest hook: 406 when the client will not take JSON (or CSV, on the CSV export). */
export async function requireJsonAccept(
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply | undefined> {
  if (acceptsJson(request.headers.accept)) return undefined;
  if (CSV_ROUTE.test(request.url) && acceptsCsv(request.headers.accept ?? '')) return undefined;
  return sendError(
    request,
    reply,
    'not_acceptable',
    'This endpoint answers only application/json; send Accept: application/json',
  );
}
