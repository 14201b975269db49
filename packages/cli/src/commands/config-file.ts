import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { CliError } from './remote-client.js';

/** What `blinkpost config` and `login` keep: where the API is and the key to it. */
export interface CliConfig {
  base_url?: string;
  api_key?: string;
}

/** The config file: `$BLINKPOST_CONFIG`, else `$XDG_CONFIG_HOME/blinkpost/config.json`, else `~/.config/blinkpost/config.json`. */
export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env['BLINKPOST_CONFIG']) return env['BLINKPOST_CONFIG'];
  return join(env['XDG_CONFIG_HOME'] || join(homedir(), '.config'), 'blinkpost', 'config.json');
}

/** The JSON object in a file, or `undefined` when there is no file. */
export function readJsonObject(path: string): Record<string, unknown> | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CliError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new CliError(`${path} is not a JSON object`, 'fix it or delete it');
}

/** The saved settings; none when there is no config file. */
export function readConfig(path = configPath()): CliConfig {
  const raw = readJsonObject(path) ?? {};
  const text = (key: string) => (typeof raw[key] === 'string' && raw[key] !== '' ? raw[key] : undefined);
  return { base_url: text('base_url'), api_key: text('api_key') };
}

/**
 * Writes JSON readable by its owner only (0600, in a directory made 0700), atomically: a temporary
 * file renamed over the old one, so a crash leaves the old file or the new one, never half of one.
 */
export function writePrivateJson(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    writeFileSync(temp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    renameSync(temp, path);
  } catch (err) {
    rmSync(temp, { force: true });
    throw new CliError(`cannot write ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

/** Saves the settings, leaving out unset ones. */
export function writeConfig(config: CliConfig, path = configPath()): void {
  writePrivateJson(path, Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined)));
}

/** A key as `config show` prints it: enough to tell keys apart (the server's hint), never the secret. */
export const maskKey = (key: string): string => `${key.slice(0, key.startsWith('bp_live_') ? 12 : 4)}…`;
