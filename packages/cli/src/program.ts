import { Command, InvalidArgumentError } from 'commander';
import { activityCommand } from './commands/activity.js';
import { analyticsCommand } from './commands/analytics.js';
import { blocklistCommand } from './commands/blocklist.js';
import { configCommand, loginCommand } from './commands/config.js';
import { foldersCommand } from './commands/folders.js';
import { inboxCommand } from './commands/inbox.js';
import { keysCommand } from './commands/keys.js';
import { leadsCommand } from './commands/leads.js';
import { listsCommand } from './commands/lists.js';
import { mailCommand } from './commands/mail.js';
import { maintenanceCommand } from './commands/maintenance.js';
import { migrateCommand } from './commands/migrate.js';
import { withRemoteOptions } from './commands/remote-client.js';
import { sendersCommand } from './commands/senders.js';
import { sequencesCommand } from './commands/sequences.js';
import { templatesCommand } from './commands/templates.js';
import { usersCommand } from './commands/users.js';
import { workspacesCommand } from './commands/workspaces.js';
import { webhooksCommand } from './commands/webhooks.js';
import { serveCommand } from './commands/serve.js';
import { workerCommand } from './commands/worker.js';

/** Parses a TCP port. */
export function portArg(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('must be a port number (0-65535)');
  return n;
}

/** The `blinkpost` command with every subcommand. */
export function buildProgram(): Command {
  const program = new Command('blinkpost')
    .description('Self-hosted cold-email outreach with a SalesBlink-compatible API')
    .version('0.1.0')
    .showHelpAfterError();
  program.addCommand(serveCommand());
  program.addCommand(workerCommand());
  program.addCommand(migrateCommand());
  program.addCommand(keysCommand());
  program.addCommand(maintenanceCommand());
  program.addCommand(mailCommand());
  withRemoteOptions(program);
  program.addCommand(listsCommand());
  program.addCommand(leadsCommand());
  program.addCommand(sendersCommand());
  program.addCommand(templatesCommand());
  program.addCommand(sequencesCommand());
  program.addCommand(webhooksCommand());
  program.addCommand(analyticsCommand());
  program.addCommand(activityCommand());
  program.addCommand(blocklistCommand());
  program.addCommand(usersCommand());
  program.addCommand(workspacesCommand());
  program.addCommand(foldersCommand());
  program.addCommand(inboxCommand());
  program.addCommand(loginCommand());
  program.addCommand(configCommand());
  return program;
}
