import { Argument, Command } from 'commander';
import type { AccountVerification } from '@blinkpost/contract';
import { configPath, maskKey, readConfig, writeConfig, type CliConfig } from './config-file.js';
import { secretArg } from './input-files.js';
import { Output } from './output.js';
import { apiBaseOf, remote, report, type OutputFormat } from './remote-client.js';

const SETTINGS = { 'api-key': 'api_key', 'base-url': 'base_url' } as const satisfies Record<string, keyof CliConfig>;
type Setting = keyof typeof SETTINGS;

const settingArg = () => new Argument('<setting>', 'what to set').choices(Object.keys(SETTINGS));

/** Runs a command that needs no server, printing a failure as the remote commands do. */
const local =
  <A extends unknown[]>(action: (out: Output, ...args: A) => void) =>
  (...all: [...A, Command]): void => {
    const cmd = all.at(-1) as Command;
    try {
      action(new Output(cmd.optsWithGlobals<{ format: OutputFormat }>().format), ...(all.slice(0, -1) as A));
    } catch (err) {
      report(err);
    }
  };

/** What the config file holds, the key masked. */
const shown = (path: string, c: CliConfig) => ({
  path,
  base_url: c.base_url ?? '',
  api_key: c.api_key ? maskKey(c.api_key) : '',
});

/** `blinkpost config set|unset|show`: the saved base URL and API key the remote commands fall back on. */
export function configCommand(): Command {
  const config = new Command('config').description(
    'the saved base URL and API key (flags and BLINKPOST_URL / BLINKPOST_API_KEY take precedence)',
  );

  config
    .command('set')
    .description("save a setting ('-' as the API key reads it from stdin)")
    .addArgument(settingArg())
    .argument('<value>')
    .action(
      local((out, setting: Setting, value: string) => {
        const saved = readConfig();
        const v = setting === 'api-key' ? secretArg(value, 'api-key') : value;
        if (setting === 'base-url') apiBaseOf(v);
        writeConfig({ ...saved, [SETTINGS[setting]]: v });
        out.record(shown(configPath(), readConfig()), { lead: `Saved ${setting}.` });
      }),
    );

  config
    .command('unset')
    .description('forget a setting')
    .addArgument(settingArg())
    .action(
      local((out, setting: Setting) => {
        writeConfig({ ...readConfig(), [SETTINGS[setting]]: undefined });
        out.record(shown(configPath(), readConfig()), { lead: `Forgot ${setting}.` });
      }),
    );

  config
    .command('show')
    .description('where the config file is and what it holds (the key masked)')
    .action(local((out) => out.record(shown(configPath(), readConfig()))));
  return config;
}

/** `blinkpost login`: checks the key against the server (GET /account/verify), then saves it and the base URL. */
export function loginCommand(): Command {
  return new Command('login')
    .description('check --api-key against --base-url, then save both to the config file')
    .action(
      remote('keys remote list', async ({ client, out, baseUrl, apiKey }) => {
        const who = (await client.request<AccountVerification>('GET', '/account/verify')).data;
        writeConfig({ ...readConfig(), base_url: baseUrl, api_key: apiKey });
        const path = configPath();
        out.record(
          { ...shown(path, readConfig()), workspace_name: who.workspace_name, role: who.role },
          { lead: `Logged in to workspace "${who.workspace_name}" (${who.role} key); saved to ${path}.` },
        );
      }),
    );
}
