import { Command, InvalidArgumentError, Option } from 'commander';
import { ApiError, BlinkpostClient } from '@blinkpost/sdk';
import { readConfig } from './config-file.js';
import { Output } from './output.js';

/** How results are printed. */
export type OutputFormat = 'table' | 'json' | 'csv';

/** Where the API is when neither --base-url nor BLINKPOST_URL says. */
export const DEFAULT_BASE_URL = 'http://127.0.0.1:8080/api/public/v1.0.0';

/** Exit codes of the remote commands, as SalesBlink's CLI has them. */
export const EXIT = { ok: 0, error: 1, auth: 2, notFound: 3, rateLimited: 4 } as const;

interface RemoteOptions {
  baseUrl: string;
  apiKey?: string;
  format: OutputFormat;
  retry?: boolean;
}

/** What a remote command works with. */
export interface Remote {
  client: BlinkpostClient;
  out: Output;
  /** the API's base URL and the key the client uses, after flags, environment and config file */
  baseUrl: string;
  apiKey: string;
}

/** A failure the CLI found itself, with its exit code and what to do next. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    readonly exitCode: number = EXIT.error,
  ) {
    super(message);
  }
}

/** Adds `--base-url`, `--api-key`, `--format` and `--retry`, which every remote command reads. */
export function withRemoteOptions(program: Command): Command {
  return program
    .addOption(
      new Option('--base-url <url>', 'API of a Blinkpost server, for the remote commands')
        .env('BLINKPOST_URL')
        .default(DEFAULT_BASE_URL),
    )
    .addOption(new Option('--api-key <key>', 'API key for the remote commands').env('BLINKPOST_API_KEY'))
    .addOption(
      new Option('--format <format>', 'output of the remote commands')
        .choices(['table', 'json', 'csv'])
        .default(process.stdout.isTTY ? 'table' : 'json', 'table on a terminal, json when piped'),
    )
    .option('--retry', 'when rate limited, wait as Retry-After says and try again (up to 3 times)');
}

/** A server URL without a path (as `blinkpost serve` prints it) means its v1 API. */
export function apiBaseOf(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CliError(`--base-url ${JSON.stringify(url)} is not a URL`, `e.g. ${DEFAULT_BASE_URL}`);
  }
  return parsed.pathname === '/' ? `${parsed.origin}/api/public/v1.0.0` : url;
}

const keyHint =
  'pass --api-key or set BLINKPOST_API_KEY; create one with `blinkpost keys create --workspace NAME` (`blinkpost login` saves it)';

/** The exit code and next step for an error answer of the API; `cmd` is the command that failed. */
function explain(err: ApiError, listCommand: string | string[], cmd: Command, baseUrl: string): CliError {
  const says = err.message;
  if (err.status === 0) return new CliError(says, 'is `blinkpost serve` running? Check --base-url or BLINKPOST_URL');
  if (err.status === 401) return new CliError(says, `the key was refused at ${baseUrl}: ${keyHint}`, EXIT.auth);
  if (err.status === 403)
    return new CliError(says, 'this key may not do that: use a key with the admin role', EXIT.auth);
  if (err.status === 404)
    return new CliError(
      says,
      `check the id; ${[listCommand]
        .flat()
        .map((c) => `\`blinkpost ${c}\``)
        .join(' or ')} shows them`,
      EXIT.notFound,
    );
  if (err.status === 429)
    return new CliError(says, 'wait a minute and try again, or pass --retry to wait for you', EXIT.rateLimited);
  if (err.status === 503) return new CliError(says, 'the server is busy or in maintenance: try later');
  if (err.status >= 500)
    return new CliError(`${says}${err.requestId ? ` (request ${err.requestId})` : ''}`, 'the server log says more');
  const name = [cmd.parent?.name(), cmd.name()].filter(Boolean).join(' ');
  return new CliError(says, `see \`blinkpost ${name} --help\``);
}

/** Prints an error and what to do next on stderr, and sets the exit code. */
export function report(err: unknown): void {
  const e = err instanceof CliError ? err : new CliError(err instanceof Error ? err.message : String(err));
  process.stderr.write(`blinkpost: ${e.message}\n${e.hint ? `  ${e.hint}\n` : ''}`);
  process.exitCode = e.exitCode;
}

/**
 * Wraps a remote command's action: builds the client from the global options, runs it, and turns
 * errors into a message, a next step and an exit code. `listCommand` lists the ids it takes, for hints.
 */
export function remote<A extends unknown[]>(
  listCommand: string | string[],
  action: (r: Remote, ...args: A) => Promise<void>,
): (...args: [...A, Command]) => Promise<void> {
  return async (...all) => {
    const cmd = all.at(-1) as Command;
    const opts = cmd.optsWithGlobals<RemoteOptions>();
    let baseUrl = opts.baseUrl;
    try {
      // Flags, then the environment (commander reads both), then the config file, then the default.
      const fromDefault = cmd.getOptionValueSourceWithGlobals('baseUrl') === 'default';
      const saved = fromDefault || !opts.apiKey ? readConfig() : {};
      baseUrl = apiBaseOf(fromDefault ? (saved.base_url ?? opts.baseUrl) : opts.baseUrl);
      const apiKey = opts.apiKey || saved.api_key;
      if (!apiKey) throw new CliError('no API key', keyHint, EXIT.auth);
      const client = new BlinkpostClient({ baseUrl, apiKey, maxRetries: opts.retry ? 3 : 0 });
      await action({ client, out: new Output(opts.format), baseUrl, apiKey }, ...(all.slice(0, -1) as A));
    } catch (err) {
      report(err instanceof ApiError ? explain(err, listCommand, cmd, baseUrl) : err);
    }
  };
}

/** Parses a whole number of at least `min`. */
export const wholeNumber =
  (min = 0) =>
  (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min) throw new InvalidArgumentError(`must be a whole number ≥ ${min}`);
    return n;
  };

/** Parses `a,b,c` into its non-empty parts. */
export const commaList = (value: string): string[] =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
