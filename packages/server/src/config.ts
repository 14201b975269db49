import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SendingOptions } from './app/sending.js';
import type { RateTier } from './domain/rate-window.js';
import type { EngineOptions } from './engine/engine.js';
import type { StorageConfig } from './store/database.js';
import { deriveSecretKey } from './secret-key.js';

/** Everything the server reads from its environment, parsed once. */
export interface Config {
  host: string;
  port: number;
  dataDir: string;
  storage: StorageConfig;
  bodyLimit: number;
  rateLimits: Record<RateTier, number>;
  logLevel: string;
  /** key for secrets at rest, from BLINKPOST_SECRET; when absent, `<dataDir>/secret.key` is used (made on first run) */
  secretKey?: Buffer;
  /** the URL people's mail clients reach this server at (BLINKPOST_PUBLIC_URL); where it listens when absent */
  publicUrl?: string;
  /**
   * worker threads that build and send mail (BLINKPOST_MAIL_THREADS); 0 sends on the engine's own
   * thread. DEFAULT_MAIL_THREADS when absent.
   */
  mailThreads?: number;
  /** engine tuning; tests shorten leases (env BLINKPOST_SEND_LEASE_MS, BLINKPOST_ENGINE_INTERVAL_MS) */
  engine?: Partial<SendingOptions & EngineOptions>;
  /** webhook targets on private, loopback and link-local addresses are refused unless `allowPrivate` (BLINKPOST_WEBHOOKS_ALLOW_PRIVATE) */
  webhooks?: { allowPrivate?: boolean; timeoutMs?: number };
  /** the bearer token `/metrics` asks for (BLINKPOST_METRICS_TOKEN); without one, `/metrics` is off */
  metricsToken?: string;
  /** the built dashboard served at `/` (BLINKPOST_WEB_DIR); DEFAULT_WEB_DIR when absent */
  webDir?: string;
  /** the first admin user, made on a start where nobody can sign in yet (BLINKPOST_ADMIN_EMAIL); DEFAULT_ADMIN_EMAIL when absent */
  adminEmail?: string;
  /** catch all mail on a loopback SMTP server and make a demo sender for it (`--dev-mailbox`, BLINKPOST_DEV_MAILBOX) */
  devMailbox?: boolean;
}

/** Where the dashboard's build lands (packages/web/dist), found from this file in src/ or dist/ of the server package. */
export const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** One mail thread when the machine has a second core for it, else none (mail is sent on the engine's thread). */
export const DEFAULT_MAIL_THREADS = availableParallelism() > 1 ? 1 : 0;

/** The first admin user's email unless BLINKPOST_ADMIN_EMAIL says otherwise. */
export const DEFAULT_ADMIN_EMAIL = 'admin@localhost';

function adminEmailFrom(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env['BLINKPOST_ADMIN_EMAIL']?.trim();
  if (!raw) return undefined;
  if (!/^[^\s@]+@[^\s@]+$/.test(raw)) {
    throw new Error(
      `BLINKPOST_ADMIN_EMAIL must be an email address, got ${JSON.stringify(env['BLINKPOST_ADMIN_EMAIL'])}`,
    );
  }
  return raw;
}

/** Flags given on the command line; they win over the environment. */
export interface ConfigOverrides {
  host?: string;
  port?: number;
  dataDir?: string;
  databaseUrl?: string;
}

/**
 * Named sets of per-key limits a minute (BLINKPOST_RATE_LIMITS). `default` is generous: a self-hosted
 * server should not get in a user's way. `salesblink` is SalesBlink's own (30 reads, 15 POST/PATCH,
 * 10 PUT/DELETE), to test a client against the limits it will meet there.
 */
export const RATE_LIMIT_PRESETS: Record<'default' | 'salesblink', Record<RateTier, number>> = {
  default: { read: 1200, write: 600, delete: 300 },
  salesblink: { read: 30, write: 15, delete: 10 },
};

function flagFrom(env: NodeJS.ProcessEnv, name: string): boolean {
  const raw = (env[name] ?? '').trim().toLowerCase();
  if (raw === '' || raw === 'false' || raw === '0') return false;
  if (raw === 'true' || raw === '1') return true;
  throw new Error(`${name} must be true or false, got ${JSON.stringify(env[name])}`);
}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, got ${JSON.stringify(raw)}`);
  return n;
}

// A preset, then any per-tier BLINKPOST_RATE_LIMIT_READ|WRITE|DELETE over it.
function rateLimitsFrom(env: NodeJS.ProcessEnv): Record<RateTier, number> {
  const name = (env['BLINKPOST_RATE_LIMITS'] ?? '').trim().toLowerCase() || 'default';
  if (name !== 'default' && name !== 'salesblink') {
    throw new Error(
      `BLINKPOST_RATE_LIMITS must be default or salesblink, got ${JSON.stringify(env['BLINKPOST_RATE_LIMITS'])}`,
    );
  }
  const preset = RATE_LIMIT_PRESETS[name];
  return {
    read: intFrom(env, 'BLINKPOST_RATE_LIMIT_READ', preset.read),
    write: intFrom(env, 'BLINKPOST_RATE_LIMIT_WRITE', preset.write),
    delete: intFrom(env, 'BLINKPOST_RATE_LIMIT_DELETE', preset.delete),
  };
}

/** Reads the configuration from flags and environment variables. */
export function loadConfig(overrides: ConfigOverrides = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = resolve(overrides.dataDir ?? env['BLINKPOST_DATA_DIR'] ?? './data');
  const url = overrides.databaseUrl ?? env['DATABASE_URL'];
  let storage: StorageConfig;
  if (url && /^postgres(ql)?:\/\//.test(url)) storage = { dialect: 'postgres', url };
  else if (url && url.startsWith('sqlite:'))
    storage = { dialect: 'sqlite', file: resolve(url.slice('sqlite:'.length)) };
  else if (url) throw new Error(`DATABASE_URL must start with postgres:// or sqlite:, got ${JSON.stringify(url)}`);
  else storage = { dialect: 'sqlite', file: join(dataDir, 'blinkpost.sqlite') };
  const adminEmail = adminEmailFrom(env);
  return {
    host: overrides.host ?? env['HOST'] ?? '127.0.0.1',
    port: overrides.port ?? intFrom(env, 'PORT', 8080),
    dataDir,
    storage,
    bodyLimit: intFrom(env, 'BLINKPOST_BODY_LIMIT', 10 * 1024 * 1024),
    rateLimits: rateLimitsFrom(env),
    logLevel: env['LOG_LEVEL'] ?? 'info',
    mailThreads: intFrom(env, 'BLINKPOST_MAIL_THREADS', DEFAULT_MAIL_THREADS),
    webhooks: { allowPrivate: flagFrom(env, 'BLINKPOST_WEBHOOKS_ALLOW_PRIVATE') },
    devMailbox: flagFrom(env, 'BLINKPOST_DEV_MAILBOX'),
    ...(env['BLINKPOST_PUBLIC_URL'] ? { publicUrl: env['BLINKPOST_PUBLIC_URL'].replace(/\/+$/, '') } : {}),
    ...(env['BLINKPOST_WEB_DIR'] ? { webDir: resolve(env['BLINKPOST_WEB_DIR']) } : {}),
    ...(env['BLINKPOST_METRICS_TOKEN'] ? { metricsToken: env['BLINKPOST_METRICS_TOKEN'] } : {}),
    ...(adminEmail ? { adminEmail } : {}),
    ...(env['BLINKPOST_SECRET'] ? { secretKey: deriveSecretKey(env['BLINKPOST_SECRET']) } : {}),
    engine: {
      ...(env['BLINKPOST_SEND_LEASE_MS'] ? { sendLeaseMs: intFrom(env, 'BLINKPOST_SEND_LEASE_MS', 0) } : {}),
      ...(env['BLINKPOST_CLAIM_LEASE_MS'] ? { claimLeaseMs: intFrom(env, 'BLINKPOST_CLAIM_LEASE_MS', 0) } : {}),
      ...(env['BLINKPOST_ENGINE_INTERVAL_MS'] ? { intervalMs: intFrom(env, 'BLINKPOST_ENGINE_INTERVAL_MS', 0) } : {}),
      ...(env['BLINKPOST_ENGINE_LEASE_MS'] ? { leaseMs: intFrom(env, 'BLINKPOST_ENGINE_LEASE_MS', 0) } : {}),
    },
  };
}
