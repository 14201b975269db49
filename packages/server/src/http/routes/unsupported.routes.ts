import { ErrorBody } from '@blinkpost/contract';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, HTTPMethods } from 'fastify';
import { sendError } from '../error-reply.js';

/** A SalesBlink feature Blinkpost does not have, with the v1 routes that reach it. */
interface UnsupportedFeature {
  /** stable name, answered in `error.details.feature` */
  feature: string;
  /** the error message: names the feature and says what to do instead */
  message: string;
  routes: [HTTPMethods, string][];
  /** SalesBlink serves these without a key, so a client may call them without one */
  withoutKey?: boolean;
}

// v1-reference.md §4.11 and §4.14, and the bulk, health, reconnect, fetch, warm-up and OAuth routes of §4.5. Paths as the SalesBlink
// CLI (POST /billing/add-card, /dfy/orders…) and the newest skill docs (…-link) call them.
const FEATURES: UnsupportedFeature[] = [
  {
    feature: 'inbox_placement',
    message:
      'Inbox placement tests are not part of Blinkpost: it runs no seed-inbox network; send a test message to your own seed addresses instead',
    routes: [
      ['GET', '/inbox-placement'],
      ['POST', '/inbox-placement'],
      ['PUT', '/inbox-placement/:id/pause'],
      ['DELETE', '/inbox-placement/:id'],
    ],
  },
  {
    feature: 'warmup',
    message:
      'Mailbox warm-up is not part of Blinkpost: it joins no warm-up network; start a new sender with a low max_emails_per_day and raise it over the weeks',
    routes: [
      ['GET', '/senders/:id/warmup-stats'],
      ['GET', '/warmup-links'],
    ],
  },
  {
    feature: 'bulk_senders',
    message:
      'Adding senders from a CSV file is not part of Blinkpost: add each mailbox with POST /senders (`blinkpost senders add`)',
    routes: [['POST', '/senders/bulk']],
  },
  {
    feature: 'sender_health',
    message:
      'Sender health and reputation scores are not part of Blinkpost: GET /senders/:id shows its status and status_reason, and POST /senders/:id/test logs in over SMTP and IMAP',
    routes: [['GET', '/senders/:id/health']],
  },
  {
    feature: 'sender_reconnect',
    message:
      'Reconnecting a sender is not part of Blinkpost: it logs in at every send; check a login with POST /senders/:id/test and resume a paused sender with PATCH /senders/:id {"paused": false}',
    routes: [['POST', '/senders/:id/reconnect']],
  },
  {
    feature: 'fetch_messages',
    message:
      "Fetching a mailbox's messages on demand is not part of Blinkpost: the server reads every sender's INBOX over IMAP by itself; read the replies with GET /inbox",
    routes: [
      ['POST', '/senders/:id/fetch-messages'],
      ['POST', '/senders/multi/fetch-messages'],
    ],
  },
  {
    feature: 'oauth_mailboxes',
    message:
      'Connecting Google or Microsoft mailboxes through OAuth is not part of Blinkpost: add the mailbox over SMTP and IMAP (with an app password) through POST /senders',
    routes: [
      ['POST', '/oauth/google'],
      ['POST', '/oauth/outlook'],
    ],
  },
  {
    feature: 'domains',
    message:
      "Domain management and domain search are not part of Blinkpost: set a sender's tracking domain with PATCH /senders/:id (tracking_domain) and buy domains from a registrar",
    routes: [
      ['GET', '/domains'],
      ['GET', '/domains/search'],
    ],
  },
  {
    feature: 'signatures',
    message:
      'Saved signatures are not part of Blinkpost: give each sender its own (the signature setting of POST and PATCH /senders)',
    routes: [['GET', '/signatures']],
  },
  {
    feature: 'signup',
    message:
      'Signing up is not part of Blinkpost: it is self-hosted; make workspaces and API keys with `blinkpost keys create` on the server',
    routes: [
      ['POST', '/signup'],
      ['GET', '/signup-link'],
    ],
    withoutKey: true,
  },
  {
    feature: 'login_links',
    message: 'Magic login links are not part of Blinkpost: it has no web login; every call takes an API key',
    routes: [['POST', '/login-link']],
  },
  {
    feature: 'billing',
    message: 'Billing is not part of Blinkpost: a self-hosted server has no plans, cards or invoices',
    routes: [
      ['POST', '/billing/add-card'],
      ['POST', '/billing/remove-card'],
      ['GET', '/billing/add-card-link'],
      ['GET', '/billing/remove-card-link'],
    ],
  },
  {
    feature: 'done_for_you',
    message:
      'Done-for-you domains and mailboxes are not part of Blinkpost: it sells none; buy mailboxes from a provider and add them through POST /senders',
    routes: [
      ['GET', '/dfy/orders'],
      ['POST', '/dfy/orders'],
      ['POST', '/dfy/orders/:orderId/mailboxes'],
      ['DELETE', '/dfy/orders/:orderId/mailboxes/:mailboxId'],
      ['GET', '/dfy/order-link'],
      ['GET', '/dfy/orders/:orderId/mailbox-link'],
      ['GET', '/dfy/orders/:orderId/mailboxes/:mailboxId/cancel-link'],
    ],
  },
];

// The path's parameters as a schema, so the OpenAPI document declares them.
const paramsOf = (url: string) =>
  Type.Object(Object.fromEntries([...url.matchAll(/:(\w+)/g)].map((m) => [m[1] ?? '', Type.String()])));

/** v1 routes of SalesBlink features Blinkpost does not have: each answers 501 naming the feature, never a fake success. */
export function unsupportedRoutes(app: FastifyInstance): void {
  for (const { feature, message, routes, withoutKey } of FEATURES) {
    for (const [method, url] of routes) {
      app.route({
        method,
        url,
        config: withoutKey ? { withoutKey } : {},
        schema: {
          summary: `Not part of Blinkpost (answers 501)`,
          description: message,
          tags: ['not in Blinkpost'],
          ...(url.includes(':') ? { params: paramsOf(url) } : {}),
          response: { 501: ErrorBody },
        },
        handler: async (request, reply) => sendError(request, reply, 'not_implemented', message, { feature }),
      });
    }
  }
}
