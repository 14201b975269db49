import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import type { List } from '@blinkpost/contract';
import { describeEachDialect } from '../../server/test/support/dialects.js';
import { ensureBuilt, runCli, useTempDirs } from './support/cli.js';
import { json, useRemoteCli } from './support/remote.js';

beforeAll(() => ensureBuilt());

/** The permission bits of a file or directory. */
const modeOf = (path: string) => statSync(path).mode & 0o777;

describeEachDialect('blinkpost login and config', (dialect) => {
  const tempDir = useTempDirs();
  const remote = useRemoteCli(dialect);

  it(
    'login checks the key before saving it (0600, directory 0700); commands then use the file; flags and env win',
    { timeout: 120_000 },
    async () => {
      const config = join(tempDir(), 'nested', 'blinkpost', 'config.json');
      const url = remote.env()['BLINKPOST_URL']!;
      const key = remote.env()['BLINKPOST_API_KEY']!;
      // Nothing set but the config file's path: no key, no URL from the environment.
      const bare = (...args: string[]) => runCli(args, { env: { BLINKPOST_CONFIG: config } });

      const refused = await bare('login', '--api-key', 'bp_live_wrong', '--base-url', url);
      expect(refused.code).toBe(2);
      expect(() => statSync(config)).toThrow();

      const login = json<Record<string, string>>(await bare('login', '--api-key', key, '--base-url', url));
      expect(login).toEqual({
        path: config,
        base_url: url,
        api_key: `${key.slice(0, 12)}…`,
        workspace_name: 'Acme',
        role: 'admin',
      });
      expect(modeOf(config)).toBe(0o600);
      expect(modeOf(join(config, '..'))).toBe(0o700);
      expect(JSON.parse(readFileSync(config, 'utf8'))).toEqual({ base_url: url, api_key: key });

      const shown = await bare('config', 'show', '--format', 'table');
      expect(shown.stdout).toContain(`api_key   ${key.slice(0, 12)}…`);
      expect(shown.stdout).not.toContain(key);

      const created = json<List>(await bare('lists', 'create', 'From the config file'));
      expect(json<List>(await bare('lists', 'get', created.id)).name).toBe('From the config file');

      // The environment beats the file, and a flag beats the environment.
      const envWrong = await runCli(['lists', 'list'], {
        env: { BLINKPOST_CONFIG: config, BLINKPOST_API_KEY: 'bp_live_wrong' },
      });
      expect(envWrong.code).toBe(2);
      const flagRight = await runCli(['lists', 'list', '--api-key', key], {
        env: { BLINKPOST_CONFIG: config, BLINKPOST_API_KEY: 'bp_live_wrong' },
      });
      expect(flagRight.code).toBe(0);
      const envUrl = await runCli(['lists', 'list'], {
        env: { BLINKPOST_CONFIG: config, BLINKPOST_URL: 'http://127.0.0.1:1' },
      });
      expect(envUrl.code).toBe(1);
      expect(envUrl.stderr).toContain('could not reach http://127.0.0.1:1');

      expect(json(await bare('config', 'unset', 'api-key'))).toEqual({ path: config, base_url: url, api_key: '' });
      const noKey = await bare('lists', 'list');
      expect(noKey.code).toBe(2);
      expect(noKey.stderr).toContain('no API key');
    },
  );

  it(
    'config set reads a key from stdin and checks a URL; the file is under XDG_CONFIG_HOME by default',
    { timeout: 60_000 },
    async () => {
      const xdg = tempDir();
      mkdirSync(join(xdg, 'blinkpost'), { mode: 0o755 });
      const env = { BLINKPOST_CONFIG: '', XDG_CONFIG_HOME: xdg };
      const path = join(xdg, 'blinkpost', 'config.json');
      const set = await runCli(['config', 'set', 'api-key', '-'], { env, input: 'bp_live_fromstdin\n' });
      expect(json(set)).toEqual({ path, base_url: '', api_key: 'bp_live_from…' });
      expect(modeOf(path)).toBe(0o600);
      const badUrl = await runCli(['config', 'set', 'base-url', 'not a url'], { env });
      expect(badUrl.code).toBe(1);
      expect(badUrl.stderr).toContain('is not a URL');
      const unknown = await runCli(['config', 'set', 'colour', 'red'], { env });
      expect(unknown.code).toBe(1);
      expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ api_key: 'bp_live_fromstdin' });
    },
  );
});
