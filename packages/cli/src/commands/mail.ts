import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import type { InboundVerdict } from '@blinkpost/server';
import { Output } from './output.js';
import type { OutputFormat } from './remote-client.js';
import { loadServer } from './server-module.js';

/** One file's verdict, as `--format json` prints it. */
interface ClassifiedFile {
  file: string;
  kind: InboundVerdict['kind'];
  severity: 'hard' | 'soft' | null;
  status: string | null;
  recipient: string | null;
  reason: string;
  snippet: string;
}

function rowOf(file: string, v: InboundVerdict): ClassifiedFile {
  const { severity = null, status = null, recipient = null } = v.bounce ?? {};
  return { file, kind: v.kind, severity, status, recipient, reason: v.reason, snippet: v.snippet };
}

/** "file: bounce (hard, 5.1.1, a@b.c)", the reason, and the snippet of a reply, for people. */
function describeVerdict(row: ClassifiedFile): string {
  const details = [row.severity, row.status, row.recipient].filter(Boolean).join(', ');
  const lines = [`${row.file}: ${row.kind}${details ? ` (${details})` : ''}`, `  ${row.reason}`];
  if (row.kind === 'reply' && row.snippet) lines.push(`  "${row.snippet}"`);
  return lines.join('\n');
}

/** `blinkpost mail classify FILE.eml…`: the inbound classifier run on raw messages saved as files. */
export function mailCommand(): Command {
  const mail = new Command('mail').description('work with raw email messages (.eml files)');
  mail
    .command('classify')
    .description(
      'say whether each message is a bounce, an auto-reply or a reply, and which rule decided (--format json: a JSON array)',
    )
    .argument('<files...>', 'raw RFC 822 messages')
    .action(async (files: string[], _opts: unknown, cmd: Command) => {
      const out = new Output(cmd.optsWithGlobals<{ format: OutputFormat }>().format);
      const { classifyMessage } = await loadServer();
      const rows: ClassifiedFile[] = [];
      for (const file of files) {
        try {
          rows.push(rowOf(file, await classifyMessage(await readFile(file))));
        } catch (err) {
          process.stderr.write(`blinkpost: cannot read ${file}: ${err instanceof Error ? err.message : String(err)}\n`);
          process.exitCode = 1;
        }
      }
      if (out.format === 'json') out.json(rows);
      else if (rows.length > 0) out.line(rows.map(describeVerdict).join('\n\n'));
    });
  return mail;
}
