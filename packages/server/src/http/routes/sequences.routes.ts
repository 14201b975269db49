import { Ok, SequenceSummary } from '@blinkpost/contract';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { principalOf } from '../plugins/auth.js';
import type { Services } from '../services.js';

/** The sequences listing with counters. */
export function sequenceRoutes(app: FastifyInstance, s: Services, v1: boolean): void {
  app.get(
    '/sequences',
    {
      schema: {
        summary: 'All sequences, latest first, with sent/opens/clicks/replies counters (humans only)',
        tags: [v1 ? 'v1' : 'legacy'],
        response: { 200: Ok(Type.Array(SequenceSummary), { count: Type.Integer() }) },
      },
    },
    async (request) => {
      const data = await s.sequences.list(principalOf(request));
      return { success: true as const, data, count: data.length };
    },
  );
}
