import type { IncomingMessage } from 'node:http';
import type { TrackedRequest } from '../app/tracking.js';

// What the tracking links answer, shared by their Fastify routes and the fast path in front of them
// (tracking-fast-path.ts), so both give the same bytes.

/** A transparent 1×1 GIF (42 bytes). */
export const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
export const NO_STORE = 'no-store, no-cache, must-revalidate, private, max-age=0';
/** The pixel's headers, set in one call: the pixel is the busiest answer the server gives. */
export const PIXEL_HEADERS = {
  'content-type': 'image/gif',
  'cache-control': NO_STORE,
  pragma: 'no-cache',
  expires: '0',
} as const;

// Printable ASCII without spaces: a URL that is already what a Location header may carry.
const HEADER_SAFE_URL = /^[\x21-\x7e]+$/;

/**
 * A stored link as a Location header. Links are stored as written in the email, so one may hold
 * characters a header cannot (`https://example.com/café`): those are sent as a browser would request
 * them, percent-encoded by the WHATWG URL serialiser (the host in punycode). Stored links were
 * checked with `URL.canParse` at send time.
 */
export function locationOf(url: string): string {
  return HEADER_SAFE_URL.test(url) ? url : new URL(url).href;
}

/** A click's redirect: to the stored link, never cached (each follow is an event). */
export const clickHeaders = (url: string) => ({
  location: locationOf(url),
  'cache-control': NO_STORE,
  'content-length': '0',
});

/**
 * What the recorder is told of a request: its user agent, method and the peer's address (no proxy
 * header is trusted: Fastify's `request.ip` is the same address, as the server sets no `trustProxy`).
 */
export const trackedRequestOf = (req: IncomingMessage): TrackedRequest => ({
  userAgent: req.headers['user-agent'],
  method: req.method ?? 'GET',
  ip: req.socket.remoteAddress,
});
