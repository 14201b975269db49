import { Command } from 'commander';
import type { ListTemplatesQuery, Template, UpdateTemplateBody } from '@blinkpost/contract';
import { readTextFile } from './input-files.js';
import type { Columns } from './output.js';
import { CliError, remote, wholeNumber } from './remote-client.js';

interface TemplateFlags {
  name?: string;
  subject?: string;
  content?: string;
  contentFile?: string;
}

const COLUMNS: Columns<Template> = {
  ID: (t) => t.id,
  NAME: (t) => t.name,
  SUBJECT: (t) => t.subject_line,
  SCORE: (t) => `${t.cold_email_score.score} ${t.cold_email_score.rating}`,
  STATE: (t) => (t.archived ? 'archived' : 'live'),
};

function withContentFlags(cmd: Command): Command {
  return cmd
    .option('--name <name>', 'name')
    .option('--subject <subject>', 'subject line (Liquid and spintax)')
    .option('--content <html>', 'HTML body: {{first_name}}, {{ company | default: "your team" }}, {Hi|Hello}')
    .option('--content-file <file>', "read the HTML body from a file ('-' for stdin)");
}

/** The API body of the flags given. */
function bodyOf(f: TemplateFlags): UpdateTemplateBody {
  if (f.content !== undefined && f.contentFile !== undefined)
    throw new CliError('--content and --content-file both given', 'pass one of them');
  const content = f.contentFile !== undefined ? readTextFile(f.contentFile, '--content-file') : f.content;
  const body: UpdateTemplateBody = { name: f.name, subject_line: f.subject, content };
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
}

/** `blinkpost templates list|get|create|update|archive|preview`: templates on a running server. */
export function templatesCommand(): Command {
  const templates = new Command('templates').description('list, create, change, archive and preview templates');

  templates
    .command('list')
    .description('list templates, latest first, with their cold-email score')
    .option('--search <text>', 'part of the name or subject')
    .option('--archived', 'only archived templates')
    .option('--limit <n>', 'at most this many (max 100)', wholeNumber(1))
    .option('--skip <n>', 'skip this many', wholeNumber(0))
    .action(
      remote('templates list', async ({ client, out }, o: ListTemplatesQuery) => {
        const rows = await client.templates.list(o);
        out.list(
          rows,
          COLUMNS,
          'No templates: create one with `blinkpost templates create --name … --subject … --content …`.',
        );
      }),
    );

  templates
    .command('get')
    .description('show one template and its score')
    .argument('<id>')
    .action(
      remote('templates list', async ({ client, out }, id: string) => out.record(await client.templates.get(id))),
    );

  withContentFlags(
    templates.command('create').description('create a template (--name, --subject and a body are required)'),
  ).action(
    remote('templates list', async ({ client, out }, opts: TemplateFlags) => {
      const body = bodyOf(opts);
      if (body.name === undefined || body.subject_line === undefined || body.content === undefined)
        throw new CliError('a template needs --name, --subject and --content (or --content-file)');
      const created = await client.templates.create({
        ...body,
        name: body.name,
        subject_line: body.subject_line,
        content: body.content,
      });
      out.record(created, { lead: `Created template ${created.id}.` });
    }),
  );

  withContentFlags(
    templates.command('update').description('change a template; only the flags given change').argument('<id>'),
  ).action(
    remote('templates list', async ({ client, out }, id: string, opts: TemplateFlags) => {
      const body = bodyOf(opts);
      if (Object.keys(body).length === 0)
        throw new CliError('nothing to change', 'pass --name, --subject, --content or --content-file');
      out.record(await client.templates.update(id, body), { lead: `Updated template ${id}.` });
    }),
  );

  templates
    .command('archive')
    .description('archive a template (--restore brings it back)')
    .argument('<id>')
    .option('--restore', 'un-archive')
    .action(
      remote('templates list', async ({ client, out }, id: string, opts: { restore?: boolean }) => {
        const t = await client.templates.archive(id, !opts.restore);
        if (out.format === 'json') out.json(t);
        else out.line(`Template ${id} is ${t.archived ? 'archived' : 'live'}.`);
      }),
    );

  templates
    .command('preview')
    .description('render a template for one lead; says which variables would hold the send')
    .argument('<id>')
    .requiredOption('--lead <lead-id>', 'the lead to render it for')
    .action(
      remote('templates list', async ({ client, out }, id: string, opts: { lead: string }) => {
        const p = await client.templates.preview(id, opts.lead);
        if (out.format === 'json') return out.json(p);
        const verdict = p.sendable ? 'yes' : `no: ${p.problem ?? `missing ${p.missing.join(', ')}`}`;
        out.line(`Subject:  ${p.subject}\nSendable: ${verdict}\n\n${p.text}`);
      }),
    );
  return templates;
}
