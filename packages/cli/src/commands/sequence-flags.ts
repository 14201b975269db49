import type { Command } from 'commander';
import type { SequenceStep, UpdateSequenceBody } from '@blinkpost/contract';
import { readJsonFile } from './input-files.js';
import { CliError, commaList, wholeNumber } from './remote-client.js';

/** The flags `sequences create` and `update` share. */
export interface SequenceFlags {
  name?: string;
  senders?: string[];
  lists?: string[];
  stepsFile?: string;
  template?: string;
  followUpAfter?: number;
  followUpContent?: string;
  timezone?: string;
  settingsFile?: string;
}

const DEFAULT_FOLLOW_UP_DAYS = 3;

/** Adds the settings flags of a sequence. */
export function withSequenceFlags(cmd: Command): Command {
  return cmd
    .option('--name <name>', 'name')
    .option('--senders <ids>', 'sender ids, comma-separated; leads are spread across them', commaList)
    .option('--lists <ids>', 'list ids, comma-separated; their leads (and later ones) are enrolled', commaList)
    .option('--steps-file <file>', 'JSON array of steps: {"type":"email","template_id":…} / {"type":"delay","days":2}')
    .option('--template <id>', 'instead of --steps-file: one email from this template…')
    .option(
      '--follow-up-after <days>',
      `…then wait this many days (default ${DEFAULT_FOLLOW_UP_DAYS})…`,
      wholeNumber(0),
    )
    .option('--follow-up-content <html>', '…and send this follow-up in the same thread')
    .option('--timezone <zone>', 'IANA zone of the sending hours (a lead’s Timezone field wins)')
    .option('--settings-file <file>', 'JSON object of any other settings (emailSendingHours, delayEnabled, bcc…)');
}

function stepsOf(f: SequenceFlags): SequenceStep[] | undefined {
  if (f.stepsFile !== undefined && f.template !== undefined)
    throw new CliError('--steps-file and --template both given', 'pass one of them');
  if (f.template === undefined && (f.followUpAfter !== undefined || f.followUpContent !== undefined))
    throw new CliError('--follow-up-after and --follow-up-content go with --template');
  if (f.stepsFile !== undefined) {
    const steps = readJsonFile(f.stepsFile, '--steps-file');
    if (!Array.isArray(steps)) throw new CliError(`--steps-file: ${f.stepsFile} must hold a JSON array of steps`);
    return steps as SequenceStep[];
  }
  if (f.template === undefined) return undefined;
  const steps: SequenceStep[] = [{ type: 'email', template_id: f.template }];
  if (f.followUpContent !== undefined)
    steps.push(
      { type: 'delay', days: f.followUpAfter ?? DEFAULT_FOLLOW_UP_DAYS },
      { type: 'email', content: f.followUpContent },
    );
  else if (f.followUpAfter !== undefined) throw new CliError('--follow-up-after needs --follow-up-content');
  return steps;
}

function settingsOf(f: SequenceFlags): Record<string, unknown> {
  if (f.settingsFile === undefined) return {};
  const settings = readJsonFile(f.settingsFile, '--settings-file');
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings))
    throw new CliError(`--settings-file: ${f.settingsFile} must hold a JSON object`);
  return settings as Record<string, unknown>;
}

/** The API body of the flags given: the settings file, overridden by the flags. */
export function sequenceBodyOf(f: SequenceFlags): UpdateSequenceBody {
  const fromFlags: UpdateSequenceBody = {
    name: f.name,
    senders: f.senders?.join(','),
    lists: f.lists,
    steps: stepsOf(f),
    timezone: f.timezone,
  };
  const given = Object.entries(fromFlags).filter(([, v]) => v !== undefined);
  return { ...settingsOf(f), ...Object.fromEntries(given) };
}
