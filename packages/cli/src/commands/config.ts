import { Argument, Command } from 'commander';
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

/** Where the config file is and what it holds, the key masked. */
const shown = () => {
  const c = readConfig();
  return { path: configPath(), base_url: c.base_url ?? '', api_key: c.api_key ? maskKey(c.api_key) : '' };
};

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
        out.record(shown(), { lead: `Saved ${setting}.` });
      }),
    );

  config
    .command('unset')
    .description('forget a setting')
    .addArgument(settingArg())
    .action(
      local((out, setting: Setting) => {
        writeConfig({ ...readConfig(), [SETTINGS[setting]]: undefined });
        out.record(shown(), { lead: `Forgot ${setting}.` });
      }),
    );

  config
    .command('show')
    .description('where the config file is and what it holds (the key masked)')
    .action(local((out) => out.record(shown())));
  return config;
}

/** `blinkpost login`: checks the key against the server (GET /account/verify), then saves it and the base URL. */
export function loginCommand(): Command {
  return new Command('login')
    .description('check --api-key against --base-url, then save both to the config file')
    .action(
      remote('keys remote list', async ({ client, out, baseUrl, apiKey }) => {
        const who = await client.account.verify();
        writeConfig({ ...readConfig(), base_url: baseUrl, api_key: apiKey });
        const saved = shown();
        out.record(
          { ...saved, workspace_name: who.workspace_name, role: who.role },
          { lead: `Logged in to workspace "${who.workspace_name}" (${who.role} key); saved to ${saved.path}.` },
        );
      }),
    );
}
