import { createPrivateKey } from 'node:crypto';
import { invalid } from './app-error.js';
import { emailProblem } from './email-address.js';
import { isValidTimeZone } from './send-time/wall-clock.js';

/** A login to a mail server, password in clear. */
export interface ServerLogin {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  password: string;
}

/** A sender's settings in clear, as the use cases handle them (the store only sees them sealed). */
export interface SenderSettings {
  email: string;
  fromName: string;
  smtp: ServerLogin;
  /** null for an SMTP-only sender */
  imap: ServerLogin | null;
  replyTo: string;
  signature: string;
  /** signing happens when both `selector` and `privateKey` are set */
  dkim: { selector: string; domain: string; privateKey: string };
  trackingUrl: string;
  timezone: string;
  maxEmailsPerDay: number;
  minGapMinutes: number;
}

/** SalesBlink's defaults, and ours where it has none. */
export const SENDER_DEFAULTS = { maxEmailsPerDay: 30, minGapMinutes: 0, timezone: 'UTC', imapPort: 993 } as const;

// Each setting under SalesBlink's name first, then the aliases its clients send.
const FIELDS = {
  email: ['from_email', 'email'],
  fromName: ['from_name', 'senderName'],
  smtpUser: ['user_name', 'smtp_username', 'smtpUsername'],
  password: ['password'],
  smtpPassword: ['smtp_password', 'smtpPassword'],
  smtpHost: ['smtp_host', 'smtpHost'],
  smtpPort: ['smtp_port', 'smtpPort'],
  smtpSecure: ['smtp_secure'],
  imapHost: ['imap_host', 'imapHost'],
  imapPort: ['imap_port', 'imapPort'],
  imapSecure: ['imap_secure'],
  imapUser: ['imap_user_name', 'imap_username', 'imapUsername'],
  imapPassword: ['imap_password', 'imapPassword'],
  maxEmailsPerDay: ['max_emails_per_day', 'sequence_max_daily_frequency'],
  minGapMinutes: ['min_gap_minutes'],
  timezone: ['timezone'],
  replyTo: ['reply_to_email', 'reply_to'],
  signature: ['signature'],
  dkimSelector: ['dkim_selector'],
  dkimIdentifier: ['dkim_identifier'],
  dkimPrivateKey: ['dkim_private_key'],
  dkimDomain: ['dkim_domain'],
  trackingUrl: ['custom_tracking_url', 'tracking_domain'],
  useTracking: ['use_custom_tracking_domain'],
  paused: ['paused'],
} as const;

const HANDLED = new Set<string>(Object.values(FIELDS).flat());

type Body = Record<string, unknown>;
interface Picked<T> {
  field: string;
  value: T;
}

/** The value given under the first of `names`, with the name it came under; aliases that disagree are a 400. */
function pick<T>(body: Body, names: readonly string[]): Picked<T> | undefined {
  let found: Picked<T> | undefined;
  for (const name of names) {
    const value = body[name];
    if (value === undefined) continue;
    if (found && found.value !== value) throw invalid(found.field, `and ${name} disagree; send one of them`);
    found ??= { field: name, value: value as T };
  }
  return found;
}

const pickText = (body: Body, names: readonly string[]): Picked<string> | undefined => {
  const p = pick<string>(body, names);
  return p && { field: p.field, value: p.value.trim() };
};

/** The fields of a body this code does not act on: SalesBlink's warm-up settings, typos, unknown keys. */
export function ignoredSenderFields(body: Body, opts: { creating: boolean }): string[] {
  return Object.keys(body).filter((k) => !HANDLED.has(k) || (!opts.creating && FIELDS.email.includes(k as 'email')));
}

/** Whether the body asks to pause (true) or resume (false) the sender. */
export const pausedIn = (body: Body): boolean | undefined => pick<boolean>(body, FIELDS.paused)?.value;

const HOST = /^[A-Za-z0-9._:[\]-]{1,253}$/;
const SELECTOR = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;
const DOMAIN_LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;
const MAX_SIGNATURE = 100_000;

function host(p: Picked<string>): string {
  if (!HOST.test(p.value)) throw invalid(p.field, 'is not a host name or IP address');
  return p.value;
}

function portOf(p: Picked<number | string>): number {
  const n = typeof p.value === 'number' ? p.value : /^\s*\d{1,5}\s*$/.test(p.value) ? Number(p.value) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > 65_535) throw invalid(p.field, 'must be a port number from 1 to 65535');
  return n;
}

function nonEmpty(p: Picked<string>): string {
  if (p.value === '') throw invalid(p.field, 'must not be empty');
  return p.value;
}

function singleLine(p: Picked<string>): string {
  if (/[\r\n\0]/.test(p.value)) throw invalid(p.field, 'must not contain line breaks');
  return p.value;
}

function address(p: Picked<string>): string {
  const problem = emailProblem(p.value);
  if (problem) throw invalid(p.field, `is not a valid email address: it ${problem}`);
  return p.value;
}

function domainName(p: Picked<string>): string {
  const labels = p.value.toLowerCase().split('.');
  if (labels.length < 2 || !labels.every((l) => DOMAIN_LABEL.test(l))) throw invalid(p.field, 'is not a domain name');
  return labels.join('.');
}

function privateKey(p: Picked<string>): string {
  if (p.value === '') return '';
  try {
    const key = createPrivateKey(p.value);
    if (key.asymmetricKeyType !== 'rsa') throw new Error('not RSA');
  } catch {
    throw invalid(p.field, 'is not a PEM-encoded RSA private key');
  }
  return p.value;
}

function trackingUrl(p: Picked<string>): string {
  if (p.value === '') return '';
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(p.value) ? p.value : `https://${p.value}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid(p.field, 'is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid(p.field, 'must be an http(s) URL');
  if (url.search || url.hash || url.username) throw invalid(p.field, 'must be a plain base URL');
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function selectorOf(p: Picked<string>): string {
  if (p.value !== '' && !SELECTOR.test(p.value)) throw invalid(p.field, 'is not a DKIM selector');
  return p.value;
}

/** `selector._domainkey.example.com` read as its selector and domain; a bare selector as itself. */
function dkimIdentifier(p: Picked<string>): { selector: Picked<string>; domain?: Picked<string> } {
  const at = p.value.toLowerCase().indexOf('._domainkey.');
  if (at === -1) return { selector: p };
  return {
    selector: { field: p.field, value: p.value.slice(0, at) },
    domain: { field: p.field, value: p.value.slice(at + '._domainkey.'.length) },
  };
}

function resolveDkim(body: Body, email: string, base: SenderSettings | undefined): SenderSettings['dkim'] {
  const given = pickText(body, FIELDS.dkimSelector);
  const identifier = pickText(body, FIELDS.dkimIdentifier);
  const parsed = identifier && identifier.value !== '' ? dkimIdentifier(identifier) : undefined;
  if (given && parsed && given.value !== parsed.selector.value) {
    throw invalid(given.field, `and ${parsed.selector.field} disagree; send one of them`);
  }
  const selectorGiven = given ?? parsed?.selector ?? identifier;
  const selector = selectorGiven ? selectorOf(selectorGiven) : (base?.dkim.selector ?? '');
  const domainGiven = pickText(body, FIELDS.dkimDomain) ?? parsed?.domain;
  const domain =
    domainGiven && domainGiven.value !== '' ? domainName(domainGiven) : (base?.dkim.domain ?? emailDomain(email));
  const keyGiven = pickText(body, FIELDS.dkimPrivateKey);
  const key = keyGiven ? privateKey(keyGiven) : (base?.dkim.privateKey ?? '');
  if (key !== '' && selector === '') throw invalid('dkim_selector', 'is required to sign with dkim_private_key');
  return { selector, domain, privateKey: key };
}

const emailDomain = (email: string): string => email.slice(email.lastIndexOf('@') + 1).toLowerCase();

function resolveImap(body: Body, smtp: ServerLogin, base: SenderSettings | undefined): ServerLogin | null {
  const hostGiven = pickText(body, FIELDS.imapHost);
  const hostName = hostGiven ? (hostGiven.value === '' ? '' : host(hostGiven)) : (base?.imap?.host ?? '');
  const portGiven = pick<number | string>(body, FIELDS.imapPort);
  const secureGiven = pick<boolean>(body, FIELDS.imapSecure);
  const userGiven = pickText(body, FIELDS.imapUser);
  const passwordGiven = pick<string>(body, FIELDS.imapPassword) ?? pick<string>(body, FIELDS.password);
  if (hostName === '') {
    const stray = hostGiven?.value === '' ? undefined : (portGiven ?? userGiven ?? pick(body, FIELDS.imapPassword));
    if (stray) throw invalid('imap_host', `is required with ${stray.field}`);
    return null;
  }
  const old = base?.imap ?? undefined;
  const port = portGiven ? portOf(portGiven) : (old?.port ?? SENDER_DEFAULTS.imapPort);
  return {
    host: hostName,
    port,
    secure: secureGiven?.value ?? (portGiven || !old ? port === 993 : old.secure),
    user: userGiven ? nonEmpty(userGiven) : (old?.user ?? smtp.user),
    password: passwordGiven ? nonEmpty(passwordGiven) : (old?.password ?? smtp.password),
  };
}

/**
 * A sender's settings from a create body (no `base`) or a PATCH body applied over `base`: aliases
 * folded, defaults filled, every value checked. Throws a 400 naming the field the client sent.
 */
export function resolveSenderSettings(body: Body, base?: SenderSettings): SenderSettings {
  const emailGiven = base ? undefined : pickText(body, FIELDS.email);
  if (!base && !emailGiven) throw invalid('from_email', 'is required');
  const email = base ? base.email : address(emailGiven!);

  const hostGiven = pickText(body, FIELDS.smtpHost);
  if (!base && !hostGiven) throw invalid('smtp_host', 'is required');
  const portGiven = pick<number | string>(body, FIELDS.smtpPort);
  if (!base && !portGiven) throw invalid('smtp_port', 'is required');
  const port = portGiven ? portOf(portGiven) : base!.smtp.port;
  const userGiven = pickText(body, FIELDS.smtpUser);
  const passwordGiven = pick<string>(body, FIELDS.smtpPassword) ?? pick<string>(body, FIELDS.password);
  if (!base && !passwordGiven) throw invalid('password', 'is required');
  const smtp: ServerLogin = {
    host: hostGiven ? host(hostGiven) : base!.smtp.host,
    port,
    secure: pick<boolean>(body, FIELDS.smtpSecure)?.value ?? (portGiven || !base ? port === 465 : base.smtp.secure),
    user: userGiven ? nonEmpty(userGiven) : (base?.smtp.user ?? email),
    password: passwordGiven ? nonEmpty(passwordGiven) : base!.smtp.password,
  };

  const fromName = pickText(body, FIELDS.fromName);
  const replyTo = pickText(body, FIELDS.replyTo);
  const signature = pick<string>(body, FIELDS.signature);
  if (signature && signature.value.length > MAX_SIGNATURE) {
    throw invalid(signature.field, `must be at most ${MAX_SIGNATURE} characters`);
  }
  const tracking = pickText(body, FIELDS.trackingUrl);
  const useTracking = pick<boolean>(body, FIELDS.useTracking)?.value;
  const timezone = pickText(body, FIELDS.timezone);
  if (timezone && !isValidTimeZone(timezone.value)) {
    throw invalid(timezone.field, 'is not a known IANA time zone (e.g. Europe/Berlin)');
  }
  return {
    email,
    fromName: fromName ? singleLine(fromName) : (base?.fromName ?? ''),
    smtp,
    imap: resolveImap(body, smtp, base),
    replyTo: replyTo ? (replyTo.value === '' ? '' : address(replyTo)) : (base?.replyTo ?? ''),
    signature: signature?.value ?? base?.signature ?? '',
    dkim: resolveDkim(body, email, base),
    trackingUrl: useTracking === false ? '' : tracking ? trackingUrl(tracking) : (base?.trackingUrl ?? ''),
    timezone: timezone?.value ?? base?.timezone ?? SENDER_DEFAULTS.timezone,
    maxEmailsPerDay:
      pick<number>(body, FIELDS.maxEmailsPerDay)?.value ?? base?.maxEmailsPerDay ?? SENDER_DEFAULTS.maxEmailsPerDay,
    minGapMinutes:
      pick<number>(body, FIELDS.minGapMinutes)?.value ?? base?.minGapMinutes ?? SENDER_DEFAULTS.minGapMinutes,
  };
}
