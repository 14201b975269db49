import { ErrorBody, SequenceExportQuery } from '@blinkpost/contract';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { principalOf } from '../plugins/auth.js';
import type { Services } from '../services.js';

const IdParams = Type.Object({ id: Type.String({ minLength: 1 }) });
const LeadParams = Type.Object({ id: Type.String({ minLength: 1 }), leadId: Type.String({ minLength: 1 }) });

/** A sequence's leads as CSV, and taking one lead out of one sequence (v1 only). */
export function sequenceLeadRoutes(app: FastifyInstance, s: Services): void {
  const tags = ['v1'];
  app.get<{ Params: { id: string }; Querystring: SequenceExportQuery }>(
    '/sequences/:id/export',
    {
      schema: {
        summary: "The sequence's leads and where each stands, as CSV",
        description:
          'text/csv (RFC 4180, CRLF lines, header row). Cells that a spreadsheet would run as a formula (starting with = + - @, tab or CR) are prefixed with an apostrophe. limit: default 10,000, at most 50,000 (larger values are clamped; X-Export-Clamped: true says so).',
        tags,
        params: IdParams,
        querystring: SequenceExportQuery,
        response: { 200: Type.String({ description: 'CSV text', contentMediaType: 'text/csv' }), 404: ErrorBody },
      },
    },
    async (request, reply) => {
      const out = await s.sequenceLeads.export(principalOf(request), request.params.id, request.query.limit);
      if (out.clamped) void reply.header('x-export-clamped', 'true');
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="sequence-${request.params.id}.csv"`)
        .send(out.csv);
    },
  );

  app.post<{ Params: { id: string; leadId: string } }>(
    '/sequences/:id/leads/:leadId/unsubscribe',
    {
      schema: {
        summary: 'Take a lead out of this sequence only (its pending steps here stop; no blocklist entry)',
        tags,
        params: LeadParams,
        response: { 200: Type.Object({ success: Type.Literal(true), message: Type.String() }) },
      },
    },
    async (request) => {
      await s.sequenceLeads.unsubscribe(principalOf(request), request.params.id, request.params.leadId);
      return { success: true as const, message: 'Lead removed from the sequence' };
    },
  );
}
