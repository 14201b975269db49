import { lookup, promises as dns, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { WebhookPoster, WebhookRequest, WebhookResponse } from '../app/webhook-delivery.js';
import { classifyAddress } from '../domain/ip-address.js';
import { addressProblem, hostOf, parseWebhookUrl } from '../domain/webhook-url.js';

/** How the poster behaves: whether private targets are allowed, and how long a receiver may take. */
export interface WebhookPosterOptions {
  allowPrivate: boolean;
  timeoutMs: number;
}

export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;
const USER_AGENT = 'Blinkpost-Webhooks/1';

/**
 * A DNS lookup that refuses non-public answers. Given to the socket itself, so the address checked
 * is the address connected to: a name cannot resolve to a public address for the check and a
 * private one for the connection (DNS rebinding).
 */
const guardedLookup: LookupFunction = (hostname, options, callback) => {
  lookup(hostname, options, (err, address, family) => {
    if (err) return callback(err, address, family);
    const found = Array.isArray(address) ? address.map((a) => a.address) : [address];
    const problem = found.map((a) => addressProblem(hostname, a)).find((p) => p !== undefined);
    if (problem)
      return callback(Object.assign(new Error(`refused: ${problem}`), { code: 'EREFUSED' }), address, family);
    callback(null, address, family);
  });
};

/** Posts webhook deliveries with node:http(s): no redirects followed, one connection per delivery. */
export class HttpWebhookPoster implements WebhookPoster {
  constructor(private readonly opts: WebhookPosterOptions) {}

  /** Why `url` may not be a webhook target; resolves its host unless private targets are allowed. */
  async refusal(raw: string): Promise<string | undefined> {
    const parsed = parseWebhookUrl(raw);
    if (!parsed.ok) return parsed.problem;
    if (this.opts.allowPrivate) return undefined;
    const host = hostOf(parsed.url);
    if (classifyAddress(host) !== undefined) return addressProblem(host, host);
    let addresses: LookupAddress[];
    try {
      addresses = await dns.lookup(host, { all: true, verbatim: true });
    } catch (err) {
      return `names a host that does not resolve: ${host} (${(err as NodeJS.ErrnoException).code ?? 'error'})`;
    }
    return addresses.map((a) => addressProblem(host, a.address)).find((p) => p !== undefined);
  }

  /** POSTs the body; never throws: a failure is an answer with `ok: false` and an error. */
  post(req: WebhookRequest): Promise<WebhookResponse> {
    const started = performance.now();
    const answer = (status: number | null, error: string): WebhookResponse => ({
      ok: error === '' && status !== null && status >= 200 && status < 300,
      status,
      durationMs: Math.round(performance.now() - started),
      error: error === '' && status !== null && (status < 200 || status >= 300) ? `answered HTTP ${status}` : error,
    });
    const parsed = parseWebhookUrl(req.url);
    if (!parsed.ok) return Promise.resolve(answer(null, `refused: the URL ${parsed.problem}`));
    const url = parsed.url;
    const host = hostOf(url);
    // A literal address never reaches the lookup, so it is checked here.
    if (!this.opts.allowPrivate && classifyAddress(host) !== undefined) {
      const problem = addressProblem(host, host);
      if (problem) return Promise.resolve(answer(null, `refused: ${problem}`));
    }
    return new Promise((resolve) => {
      let settled = false;
      const finish = (status: number | null, error: string) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(answer(status, error));
      };
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const request = send(url, {
        method: 'POST',
        agent: false,
        headers: {
          ...req.headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(req.body),
          'user-agent': USER_AGENT,
        },
        ...(this.opts.allowPrivate ? {} : { lookup: guardedLookup }),
      });
      const timer = setTimeout(() => {
        const seconds = this.opts.timeoutMs / 1000;
        request.destroy(new Error(`no answer within ${seconds} s`));
      }, this.opts.timeoutMs);
      request.on('response', (res: IncomingMessage) => {
        const status = res.statusCode ?? null;
        res.on('error', (err) => finish(status, err.message));
        res.on('end', () => finish(status, ''));
        res.resume(); // the receiver's body is not kept; reading it lets the connection end
      });
      request.on('error', (err) => finish(null, err.message));
      request.end(req.body);
    });
  }
}
