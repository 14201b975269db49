import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../services.js';
import { clickHeaders, NO_STORE, PIXEL, PIXEL_HEADERS, trackedRequestOf } from '../tracking-answers.js';

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A small page: the recipient sees these, not an API client. */
function page(reply: FastifyReply, status: number, title: string, body: string) {
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', NO_STORE)
    .header('referrer-policy', 'no-referrer')
    .header('x-robots-tag', 'noindex')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
        `<title>${escapeHtml(title)}</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem}` +
        `button{font:inherit;padding:.5rem 1rem}</style></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`,
    );
}

const notFoundPage = (reply: FastifyReply) =>
  page(reply, 404, 'Link not found', '<p>This link is not valid. It may have been copied incompletely.</p>');

/** Masks an address for a page anyone holding the link can see: a***@example.com. */
const masked = (email: string): string => email.replace(/^(.).*(@.*)$/, '$1***$2');

/**
 * The links inside sent emails: the open pixel, tracked links, and unsubscribe (RFC 8058 one-click
 * POST, and a confirmation page for GET so that link scanners, which only GET, unsubscribe no one).
 * No API key: the signed token is the credential, and the target of a redirect is only ever the URL
 * stored for that message and link. The pixel and clicks on messages in memory are mostly answered
 * before these routes, by tracking-fast-path.ts, with the same answers.
 */
export function trackingRoutes(app: FastifyInstance, s: Services): void {
  void app.register(async (scope) => {
    // Mail providers post `List-Unsubscribe=One-Click` form-encoded or multipart; nothing in it matters.
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, _body, done) => done(null, undefined));

    scope.get<{ Params: { token: string } }>('/t/o/:token', (request, reply) => {
      s.tracking.open(request.params.token, trackedRequestOf(request.raw));
      void reply.headers(PIXEL_HEADERS).send(PIXEL);
    });

    scope.get<{ Params: { token: string } }>('/t/c/:token', async (request, reply) => {
      const { token } = request.params;
      const url = await s.tracking.click(token, trackedRequestOf(request.raw));
      if (!url) return notFoundPage(reply);
      return reply.code(302).headers(clickHeaders(url)).send();
    });

    scope.get<{ Params: { token: string } }>('/t/u/:token', async (request, reply) => {
      const { token } = request.params;
      const target = await s.tracking.unsubscribeTarget(token);
      if (!target) return notFoundPage(reply);
      return page(
        reply,
        200,
        'Unsubscribe',
        `<p>Stop emails to <strong>${escapeHtml(masked(target.toEmail))}</strong>?</p>` +
          `<form method="post"><button type="submit">Unsubscribe</button></form>`,
      );
    });

    scope.post<{ Params: { token: string } }>('/t/u/:token', async (request, reply) => {
      const { token } = request.params;
      if (!(await s.tracking.unsubscribe(token))) return notFoundPage(reply);
      return page(reply, 200, 'You are unsubscribed', '<p>You will not get any more emails from us.</p>');
    });
  });
}
