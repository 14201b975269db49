import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from '../error-reply.js';

/** The dashboard's pages may run only their own scripts and may not be framed. */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'application/javascript; charset=utf-8',
  '.mjs': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

const IMMUTABLE = 'public, max-age=31536000, immutable';
// Paths that are never the dashboard's, whatever the browser accepts.
const NOT_DASHBOARD = /^\/(api|t|healthz|readyz|metrics)(\/|$)/;

const MISSING_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Blinkpost</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><h1>Blinkpost is running; its dashboard is not built</h1>
<p>Build it with <code>npm run build</code> in the Blinkpost folder (it lands in <code>packages/web/dist</code>),
or point <code>BLINKPOST_WEB_DIR</code> at a built copy, then reload this page.</p>
<p>The API works meanwhile: see <a href="/api/docs">/api/docs</a>.</p></body></html>`;

/** A file of the build, as stat saw it. */
interface WebFile {
  path: string;
  size: number;
  mtimeMs: number;
}

/** The file under `root` a URL path names, if it is a readable file there; nothing outside `root`, no dotfiles. */
async function fileUnder(root: string, urlPath: string): Promise<WebFile | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0] ?? '');
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.split('/').some((part) => part.startsWith('.'))) return undefined;
  const path = resolve(root, `.${decoded}`);
  if (!path.startsWith(root + sep)) return undefined;
  try {
    const st = await stat(path);
    return st.isFile() ? { path, size: st.size, mtimeMs: st.mtimeMs } : undefined;
  } catch {
    return undefined;
  }
}

// The build writes .br and .gz copies of its text files (packages/web/scripts/precompress.mjs).
const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;
const STALE_AFTER_MS = 10_000;
// The extensions packages/web/scripts/precompress.mjs compresses (its TEXT list): keep the two in step.
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.map', '.svg', '.txt', '.webmanifest']);

/** The encodings an Accept-Encoding header takes (a `q=0` refuses one). */
function accepted(header: string | undefined): Set<string> {
  const out = new Set<string>();
  for (const part of (header ?? '').toLowerCase().split(',')) {
    const [name, ...params] = part.split(';').map((p) => p.trim());
    if (!name || params.some((p) => /^q=0(\.0*)?$/.test(p))) continue;
    out.add(name);
  }
  return out;
}

/** The compressed copy of `file` to send for this request, if the build made one and it is not stale. */
async function precompressed(
  file: WebFile,
  acceptEncoding: string | undefined,
): Promise<{ file: WebFile; encoding: string } | undefined> {
  const takes = accepted(acceptEncoding);
  for (const e of ENCODINGS) {
    if (!takes.has(e.name)) continue;
    const st = await stat(file.path + e.suffix).catch(() => undefined);
    // A copy older than its file is of an earlier build (the file was replaced since): not used. A copy
    // of the whole folder (`cp` without -p) stamps files seconds apart in any order, hence the slack.
    if (st?.isFile() && st.mtimeMs >= file.mtimeMs - STALE_AFTER_MS)
      return { file: { path: file.path + e.suffix, size: st.size, mtimeMs: st.mtimeMs }, encoding: e.name };
  }
  return undefined;
}

// An ETag from size and modification time (and the encoding) lets a browser revalidate with a 304.
// An HTML file gets the page headers (CSP and the like), whichever route serves it.
async function sendFile(
  request: FastifyRequest,
  reply: FastifyReply,
  file: WebFile,
  cacheControl: string,
): Promise<FastifyReply> {
  const ext = extname(file.path).toLowerCase();
  const compressed = COMPRESSIBLE.has(ext) ? await precompressed(file, request.headers['accept-encoding']) : undefined;
  const sent = compressed?.file ?? file;
  const tag = `${file.size.toString(16)}-${Math.floor(file.mtimeMs).toString(16)}`;
  const etag = `W/"${compressed ? `${tag}-${compressed.encoding}` : tag}"`;
  if (ext === '.html') void htmlHeaders(reply);
  void reply
    .type(TYPES[ext] ?? 'application/octet-stream')
    .header('etag', etag)
    .header('cache-control', cacheControl)
    .header('x-content-type-options', 'nosniff');
  // Caches keep one copy per encoding.
  if (COMPRESSIBLE.has(ext)) void reply.header('vary', 'accept-encoding');
  if (compressed) void reply.header('content-encoding', compressed.encoding);
  if (request.headers['if-none-match'] === etag) return reply.code(304).send();
  return reply.header('content-length', sent.size).send(createReadStream(sent.path));
}

function htmlHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .type('text/html; charset=utf-8')
    .header('content-security-policy', DASHBOARD_CSP)
    .header('x-frame-options', 'DENY')
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'same-origin');
}

/** What serves the built dashboard (a Vite SPA) out of one folder. */
export interface Dashboard {
  /** adds `GET /` and `GET /assets/*` */
  routes: (app: FastifyInstance) => void;
  /** for the 404 handler: a dashboard file, or index.html for an SPA route; undefined when it is neither */
  fallback: (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined>;
}

/**
 * Serves the dashboard from `webDir` at `/`: `/assets/*` (hashed names) cached for a year,
 * index.html never without revalidation, and index.html for any other page a browser asks for, so
 * the SPA's routes work on reload. Without a build, `/` explains how to make one.
 */
export function dashboard(webDir: string): Dashboard {
  const root = resolve(webDir);
  const index = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const file = await fileUnder(root, '/index.html');
    if (!file) return htmlHeaders(reply).header('cache-control', 'no-cache').send(MISSING_PAGE);
    return sendFile(request, reply, file, 'no-cache');
  };

  return {
    routes: (app) => {
      app.get('/', { schema: { hide: true } }, async (request, reply) => index(request, reply));
      app.get('/assets/*', { schema: { hide: true } }, async (request, reply) => {
        const file = await fileUnder(root, request.url);
        if (!file) return sendError(request, reply, 'not_found', `No dashboard file at ${request.url.split('?')[0]}`);
        return sendFile(request, reply, file, IMMUTABLE);
      });
    },
    fallback: async (request, reply) => {
      if (request.method !== 'GET' && request.method !== 'HEAD') return undefined;
      const path = request.url.split('?')[0] ?? '/';
      if (NOT_DASHBOARD.test(path)) return undefined;
      const file = await fileUnder(root, path);
      if (file) return sendFile(request, reply, file, 'no-cache');
      const wantsPage = (request.headers.accept ?? '').split(',').some((t) => t.trim().startsWith('text/html'));
      return wantsPage ? index(request, reply) : undefined;
    },
  };
}
