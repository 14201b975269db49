import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TrackingService } from '../app/tracking.js';
import { TOKEN_LENGTH } from '../domain/tracking/index.js';
import { clickHeaders, PIXEL, PIXEL_HEADERS, trackedRequestOf } from './tracking-answers.js';

/** Answers a request before Fastify sees it; `false` hands it to Fastify untouched. */
export type FastPath = (req: IncomingMessage, res: ServerResponse) => boolean;

// `/t/o/<token>` or `/t/c/<token>` with a token of its kind's length, a query string allowed (and
// ignored): the shapes mail clients fetch. Anything longer goes to Fastify, which refuses it as before.
const TRACKING_URL = new RegExp(
  `^/t/(?:o/([A-Za-z0-9_-]{${TOKEN_LENGTH.o}})|c/([A-Za-z0-9_-]{${TOKEN_LENGTH.c}}))(?:\\?|$)`,
);
const PIXEL_ANSWER = { ...PIXEL_HEADERS, 'content-length': String(PIXEL.length) };

/**
 * The open pixel, and a click whose message is in memory, answered on node:http's request event
 * instead of through Fastify's routing, hooks, request id and reply objects: on a busy server these are
 * the requests that come by the thousand, and Fastify's part was most of what answering one cost beyond
 * the socket (docs/decisions.md, "Tracking links are answered in front of Fastify"). Everything else —
 * a click whose message must be read, a forged click (its 404 page), another path shape, any request
 * while the server drains — goes to the Fastify routes, which give the same answers.
 */
export function trackingFastPath(
  tracking: TrackingService,
  draining: () => boolean,
  log: (err: unknown, what: string) => void,
): FastPath {
  return (req, res) => {
    const { method } = req;
    if ((method !== 'GET' && method !== 'HEAD') || draining()) return false;
    const match = TRACKING_URL.exec(req.url ?? '');
    if (!match) return false;
    const request = trackedRequestOf(req);
    try {
      const [, pixelToken, clickToken] = match;
      if (pixelToken !== undefined) {
        tracking.open(pixelToken, request);
        res.writeHead(200, PIXEL_ANSWER).end(PIXEL);
        return true;
      }
      const url = tracking.clickFromMemory(clickToken!, request);
      if (url === undefined) return false;
      res.writeHead(302, clickHeaders(url)).end();
      return true;
    } catch (err) {
      // Nothing above throws for any input; a fault of ours still answers, as Fastify would, with a 500.
      log(err, `answering ${method} ${req.url} failed`);
      if (!res.headersSent) res.writeHead(500, { 'content-length': '0' });
      res.end();
      return true;
    }
  };
}
