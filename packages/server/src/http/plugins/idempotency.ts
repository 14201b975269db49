import { IDEMPOTENCY_KEY_HEADER } from '@blinkpost/contract';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { IdempotencyClaim, IdempotencyService } from '../../app/idempotency.js';
import { idempotencyKeyProblem, requestFingerprint } from '../../domain/idempotency.js';
import { sendError } from '../error-reply.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** set on a POST that carries an Idempotency-Key */
    idempotency?: { key: string; fingerprint: string; claim?: IdempotencyClaim };
  }
}

// The headers that belong to an answer and are replayed with it; the rest (RateLimit-*, the request
// id) describe the new request.
const REPLAYED_HEADERS = ['content-type', 'location'] as const;

function replayedHeaders(reply: FastifyReply): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of REPLAYED_HEADERS) {
    const v = reply.getHeader(name);
    if (v !== undefined) out[name] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}

const pathOf = (request: FastifyRequest): string => request.url.split('?')[0] ?? '/';

/** preValidation: checks the header and fingerprints the body as sent (before defaults are filled in). */
async function readKey(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  if (request.method !== 'POST') return undefined;
  const raw = request.headers['idempotency-key'];
  if (raw === undefined) return undefined;
  const key = Array.isArray(raw) ? raw.join(', ') : raw;
  const problem = idempotencyKeyProblem(key);
  if (problem) {
    return sendError(request, reply, 'invalid_request', `The ${IDEMPOTENCY_KEY_HEADER} header ${problem}`, {
      field: IDEMPOTENCY_KEY_HEADER,
    });
  }
  request.idempotency = { key, fingerprint: requestFingerprint(request.body, request.query) };
  return undefined;
}

/**
 * Idempotency-Key on every POST of the scope (public-api.md §3). After the body is valid, the first
 * request with a key claims it and runs; its answer (below 500) is kept for 24 h and given again to the
 * same request with the same key; another body gets 422, a request while the first runs 409.
 */
export function registerIdempotency(scope: FastifyInstance, service: IdempotencyService): void {
  scope.addHook('preValidation', readKey);

  scope.addHook('preHandler', async (request, reply) => {
    const idem = request.idempotency;
    const principal = request.principal;
    if (!idem || !principal) return undefined;
    const path = pathOf(request);
    const start = await service.begin(
      { workspaceId: principal.workspaceId, method: request.method, path, key: idem.key },
      idem.fingerprint,
    );
    switch (start.kind) {
      case 'run':
        idem.claim = start.claim;
        return undefined;
      case 'replay':
        void reply.code(start.answer.status).headers(start.answer.headers).header('idempotent-replayed', 'true');
        return reply.send(start.answer.body);
      case 'in_flight':
        void reply.header('retry-after', start.retryAfterSeconds);
        return sendError(
          request,
          reply,
          'idempotency_key_in_use',
          `A request with this ${IDEMPOTENCY_KEY_HEADER} is still running; retry in ${start.retryAfterSeconds} s to get its answer`,
          { field: IDEMPOTENCY_KEY_HEADER },
        );
      case 'reused':
        return sendError(
          request,
          reply,
          'idempotency_key_reused',
          `This ${IDEMPOTENCY_KEY_HEADER} was used in the last 24 h for a different request to POST ${path}; send a new key with a new request`,
          { field: IDEMPOTENCY_KEY_HEADER },
        );
    }
  });

  scope.addHook('onSend', async (request, reply, payload) => {
    const idem = request.idempotency;
    const claim = idem?.claim;
    if (!idem || !claim) return payload;
    idem.claim = undefined;
    const body =
      payload === null || payload === undefined
        ? ''
        : typeof payload === 'string'
          ? payload
          : Buffer.isBuffer(payload)
            ? payload.toString('utf8')
            : undefined;
    try {
      // A streamed answer cannot be kept; the key is given up and a retry runs again.
      if (body === undefined) await service.abandon(claim);
      else await service.finish(claim, { status: reply.statusCode, headers: replayedHeaders(reply), body });
    } catch (err) {
      request.log.error({ err }, 'could not record the answer of an Idempotency-Key');
    }
    return payload;
  });

  // A request that ended without an answer being sent (the client went away) gives its key up.
  scope.addHook('onResponse', async (request) => {
    const idem = request.idempotency;
    const claim = idem?.claim;
    if (!idem || !claim) return;
    idem.claim = undefined;
    await service
      .abandon(claim)
      .catch((err: unknown) => request.log.error({ err }, 'could not release an Idempotency-Key'));
  });
}
