import { Readable } from 'node:stream';
import { ACTIVITY_FEEDS, ActivityQuery, ActivityRecord, Ok, type ActivityFeed } from '@blinkpost/contract';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { ActivityService, FeedRequest } from '../../app/activity.js';
import { principalOf } from '../plugins/auth.js';
import type { Services } from '../services.js';

const TITLES: Record<ActivityFeed, string> = {
  sent: 'Emails sent',
  opens: 'Opens (machine opens included and flagged; ?human=true leaves them out)',
  clicks: 'Clicks (machine clicks included and flagged; ?human=true leaves them out)',
  replies: 'Replies (auto-replies flagged)',
};

/** The four activity feeds: one page, or every record streamed when no paging is asked for. */
export function activityRoutes(app: FastifyInstance, s: Services, v1: boolean): void {
  for (const feed of ACTIVITY_FEEDS) {
    app.get<{ Querystring: ActivityQuery }>(
      `/${feed}`,
      {
        schema: {
          summary: TITLES[feed],
          description: 'Latest first. Without page and per_page every matching record is returned, streamed.',
          tags: [v1 ? 'v1' : 'legacy'],
          querystring: ActivityQuery,
          response: {
            200: Ok(Type.Array(ActivityRecord), {
              count: Type.Integer(),
              page: Type.Optional(Type.Integer()),
              per_page: Type.Optional(Type.Integer()),
            }),
          },
        },
      },
      async (request, reply) => {
        const req = s.activity.resolve(principalOf(request), feed, request.query);
        if (!req.window) {
          // Bypasses response serialisation: the body is written record by record as batches arrive.
          return reply.type('application/json; charset=utf-8').send(Readable.from(jsonStream(s.activity, req)));
        }
        const window = req.window;
        const data = await s.activity.page({ ...req, window });
        return {
          success: true as const,
          ...(window.clamped ? { message: `per_page was clamped to ${window.limit}` } : {}),
          data,
          count: data.length,
          page: window.offset / window.limit + 1,
          per_page: window.limit,
        };
      },
    );
  }
}

// Chunks stay well below V8's large-object size (128 KiB): a larger string is born in old space and
// stays there until a full GC, so one chunk per batch of 1,000 records made the heap grow with the stream.
const CHUNK_CHARS = 32 * 1024;

async function* jsonStream(activity: ActivityService, req: FeedRequest): AsyncGenerator<string> {
  yield '{"success":true,"data":[';
  let count = 0;
  let chunk = '';
  for await (const batch of activity.all(req)) {
    for (const rec of batch) {
      chunk += (count === 0 ? '' : ',') + JSON.stringify(rec);
      count += 1;
      if (chunk.length >= CHUNK_CHARS) {
        yield chunk;
        chunk = '';
      }
    }
  }
  yield `${chunk}],"count":${count}}`;
}
