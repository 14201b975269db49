import type { FastifyReply, FastifyRequest } from 'fastify';
import { RateWindows, tierOf, type RateTier } from '../../domain/rate-window.js';
import type { Clock } from '../../app/ports.js';
import { sendError } from '../error-reply.js';

/** onRequest hook (after auth): per key and method tier; RateLimit-* headers on every answer, Retry-After on 429. */
export function rateLimit(limits: Record<RateTier, number>, clock: Clock) {
  const windows = new RateWindows(limits);
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const key = request.principal?.keyId;
    if (!key) return undefined;
    const d = windows.take(key, tierOf(request.method), clock.now());
    void reply.headers({
      'ratelimit-limit': d.limit,
      'ratelimit-remaining': d.remaining,
      'ratelimit-reset': d.resetSeconds,
    });
    if (d.allowed) return undefined;
    void reply.header('retry-after', d.resetSeconds);
    return sendError(
      request,
      reply,
      'rate_limited',
      `Rate limit of ${d.limit} ${tierOf(request.method)} requests a minute reached; retry in ${d.resetSeconds} s`,
    );
  };
}
