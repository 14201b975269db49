import { classifyAddress } from './ip-address.js';

/** A webhook URL as far as it can be judged without DNS: a URL, or why it cannot be one. */
export type WebhookUrlCheck = { ok: true; url: URL } | { ok: false; problem: string };

/** Checks the shape of a webhook URL: http or https, a host, no user name or password in it. */
export function parseWebhookUrl(raw: string): WebhookUrlCheck {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, problem: 'must be an absolute http:// or https:// URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { ok: false, problem: `must use https:// or http://, not ${url.protocol}//` };
  if (url.hostname === '') return { ok: false, problem: 'must name a host' };
  // Credentials in a URL would be answered in every listing of the webhook.
  if (url.username !== '' || url.password !== '')
    return { ok: false, problem: 'must not contain a user name or password' };
  return { ok: true, url };
}

/** The host of a URL as an address or a name: IPv6 literals without their brackets. */
export const hostOf = (url: URL): string => url.hostname.replace(/^\[(.*)\]$/, '$1');

/**
 * Why a webhook may not be sent to `address` (what `host` resolved to): anything but a public
 * unicast address, so a key holder cannot make the server reach its own network. `undefined` when it may.
 */
export function addressProblem(host: string, address: string): string | undefined {
  const kind = classifyAddress(address);
  if (kind === 'public') return undefined;
  const what = kind === undefined ? 'not an IP address' : `${kind === 'unspecified' ? 'an' : 'a'} ${kind} address`;
  const via = host === address ? '' : ` (${host} resolves to it)`;
  return `points to ${address}, ${what}${via}; webhooks go to public addresses only`;
}
