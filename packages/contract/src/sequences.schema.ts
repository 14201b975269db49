import { Type, type Static } from '@sinclair/typebox';

/** Every status a sequence can be in. */
export const SEQUENCE_STATUSES = ['draft', 'running', 'paused', 'completed', 'needs-attention', 'archived'] as const;
export type SequenceStatus = (typeof SEQUENCE_STATUSES)[number];

/** A sequence with its counters, as the legacy `GET /sequences` lists it. */
export const SequenceSummary = Type.Object({
  id: Type.String(),
  sequence_id: Type.String({ description: 'equals id; what the activity filters take' }),
  name: Type.String(),
  status: Type.Union(SEQUENCE_STATUSES.map((s) => Type.Literal(s))),
  paused: Type.Boolean(),
  archived: Type.Boolean(),
  starred: Type.Boolean(),
  created_at: Type.String(),
  last_modified: Type.String(),
  owned_by: Type.String(),
  sent: Type.Integer(),
  opens: Type.Integer({ description: 'human opens' }),
  clicks: Type.Integer({ description: 'human clicks' }),
  replies: Type.Integer(),
});
export type SequenceSummary = Static<typeof SequenceSummary>;
