import { Command, InvalidArgumentError, Option } from 'commander';
import {
  WEBHOOK_DELIVERY_STATUSES,
  WEBHOOK_EVENTS,
  type ListWebhookDeliveriesQuery,
  type ListWebhooksQuery,
  type Webhook,
  type WebhookDelivery,
  type WebhookEvent,
} from '@blinkpost/contract';
import type { Columns } from './output.js';
import { CliError, commaList, remote, wholeNumber } from './remote-client.js';

const COLUMNS: Columns<Webhook> = {
  ID: (w) => w.id,
  NAME: (w) => w.name,
  URL: (w) => w.url,
  EVENTS: (w) => (w.events.length === 0 ? 'all' : w.events.join(',')),
  CREATED: (w) => w.created_at,
};

const DELIVERY_COLUMNS: Columns<WebhookDelivery> = {
  ID: (d) => d.id,
  EVENT: (d) => d.event,
  STATUS: (d) => d.status,
  ATTEMPTS: (d) => d.attempts,
  HTTP: (d) => d.response_status,
  MS: (d) => d.duration_ms,
  LAST: (d) => d.last_attempt_at,
  NEXT: (d) => d.next_attempt_at,
  ERROR: (d) => d.error,
};

/** Parses `sent,opened` into events, refusing names the server does not send. */
function eventList(value: string): WebhookEvent[] {
  const names = commaList(value);
  const unknown = names.filter((n) => !(WEBHOOK_EVENTS as readonly string[]).includes(n));
  if (unknown.length > 0)
    throw new InvalidArgumentError(`unknown event(s) ${unknown.join(', ')}; choose from ${WEBHOOK_EVENTS.join(', ')}`);
  return names as WebhookEvent[];
}

/** `blinkpost webhooks list|create|delete|test|deliveries`: webhooks on a running server. */
export function webhooksCommand(): Command {
  const webhooks = new Command('webhooks').description('add, list, remove and test webhooks; read their delivery log');

  webhooks
    .command('list')
    .description('list webhooks, latest first')
    .option('--limit <n>', 'at most this many (max 100)', wholeNumber(1))
    .option('--skip <n>', 'skip this many', wholeNumber(0))
    .action(
      remote('webhooks list', async ({ client, out }, opts: ListWebhooksQuery) => {
        out.list(
          await client.webhooks.list(opts),
          COLUMNS,
          'No webhooks: add one with `blinkpost webhooks create --url …`.',
        );
      }),
    );

  webhooks
    .command('create')
    .description('add a webhook; prints its signing secret, which is not shown again')
    .requiredOption('--url <url>', 'https:// (or http://) URL to POST events to (required)')
    .option('--events <list>', `comma-separated, of ${WEBHOOK_EVENTS.join(' ')} (default: all)`, eventList)
    .option('--name <name>', 'a label for people')
    .action(
      remote(
        'webhooks list',
        async ({ client, out }, opts: { url: string; events?: WebhookEvent[]; name?: string }) => {
          const created = await client.webhooks.create({
            url: opts.url,
            ...(opts.events ? { events: opts.events } : {}),
            ...(opts.name !== undefined ? { name: opts.name } : {}),
          });
          out.record(created, { lead: `Added webhook ${created.id}.` });
          out.note(
            '\nKeep the secret now: it is not shown again. Check the endpoint: blinkpost webhooks test ' + created.id,
          );
        },
      ),
    );

  webhooks
    .command('delete')
    .description('remove a webhook and its delivery log')
    .argument('<id>')
    .action(
      remote('webhooks list', async ({ client, out }, id: string) => {
        out.record(await client.webhooks.delete(id), { lead: `Deleted webhook ${id}.` });
      }),
    );

  webhooks
    .command('test')
    .description("send a signed test event now and print the receiver's answer; exits 1 if it failed")
    .argument('<id>')
    .action(
      remote('webhooks list', async ({ client, out }, id: string) => {
        const result = await client.webhooks.test(id);
        if (out.format === 'json') out.json(result);
        else
          out.line(
            result.ok
              ? `delivered: HTTP ${result.response_status ?? '?'} in ${result.duration_ms} ms`
              : `FAILED after ${result.duration_ms} ms — ${result.error}`,
          );
        if (!result.ok)
          throw new CliError('the test event was not accepted', 'the receiver must answer 2xx within 10 s');
      }),
    );

  webhooks
    .command('deliveries')
    .description("list a webhook's deliveries, latest first")
    .argument('<id>')
    .addOption(new Option('--status <status>').choices([...WEBHOOK_DELIVERY_STATUSES]))
    .option('--limit <n>', 'at most this many (max 100)', wholeNumber(1))
    .option('--skip <n>', 'skip this many', wholeNumber(0))
    .action(
      remote('webhooks list', async ({ client, out }, id: string, opts: ListWebhookDeliveriesQuery) => {
        out.list(await client.webhooks.deliveries(id, opts), DELIVERY_COLUMNS, 'No deliveries yet.');
      }),
    );
  return webhooks;
}
