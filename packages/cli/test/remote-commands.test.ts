import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ALWAYS_OPEN } from '../../sdk/test/support/served-api.js';
import { describeEachDialect, type Dialect } from '../../server/test/support/dialects.js';
import { startSmtpSink, type SmtpSink } from '../../server/test/support/smtp-sink.js';
import { startTestServer, type TestServer } from '../../server/test/support/test-server.js';
import { ensureBuilt, freePort, ROOT, runCli, useTempDirs, type CliResult } from './support/cli.js';

const PASSWORD = 'right-password';

beforeAll(() => ensureBuilt());

/** Arguments from a template: the literal text splits on spaces, each `${value}` is one argument. */
function argv(strings: TemplateStringsArray, ...values: unknown[]): string[] {
  return strings.flatMap((s, i) => [
    ...s.split(/\s+/).filter(Boolean),
    ...(i < values.length ? [String(values[i])] : []),
  ]);
}

/** A test server listening on loopback, as `blinkpost serve` would, and the env that points the CLI at it. */
async function listening(dialect: Dialect, overrides: Parameters<typeof startTestServer>[1] = {}) {
  const t = await startTestServer(dialect, overrides);
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/api/public/v1.0.0`;
  return { t, env: { BLINKPOST_URL: url, BLINKPOST_API_KEY: t.admin.key } };
}

/** The JSON a command printed (stdout is not a terminal, so JSON is the default). */
function json<T>(res: CliResult): T {
  expect(res.stderr).toBe('');
  expect(res.code).toBe(0);
  return JSON.parse(res.stdout) as T;
}

/** Runs `blinkpost ARGS` with `input` on stdin. */
function runWithStdin(args: string[], env: Record<string, string>, input: string): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'packages/cli/bin/blinkpost.js'), ...args], {
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.end(input);
  });
}

describeEachDialect('blinkpost senders|templates|sequences against a running server', (dialect) => {
  const tempDir = useTempDirs();
  let t: TestServer;
  let env: Record<string, string>;
  let sink: SmtpSink;
  const cli = (s: TemplateStringsArray, ...v: unknown[]) => runCli(argv(s, ...v), { env });
  const newList = async (name: string) =>
    (await t.call(t.admin, 'POST', '/api/public/v1.0.0/lists', { name })).json<{ data: { id: string } }>().data.id;

  beforeAll(async () => {
    ({ t, env } = await listening(dialect));
    sink = await startSmtpSink({ password: PASSWORD });
  });
  afterAll(async () => {
    await sink?.close();
    await t?.server.close();
    await t?.testDb.destroy();
  });

  it(
    'adds and tests a sender, makes a template and a sequence, starts it, reads its forecast and stats',
    { timeout: 180_000 },
    async () => {
      const dir = tempDir();
      const added = await cli`senders add --from-email ann@sender.test --password ${PASSWORD} --smtp-host 127.0.0.1
      --smtp-port ${sink.port} --user mailer@example.com --name ${'Ann Sender'} --max-per-day 50 --timezone UTC`;
      expect(added.stdout + added.stderr).not.toContain(PASSWORD);
      const sender = json<{ id: string; email: string; has_password: boolean; max_emails_per_day: number }>(added);
      expect(sender).toMatchObject({ email: 'ann@sender.test', has_password: true, max_emails_per_day: 50 });

      const bodyFile = join(dir, 'intro.html');
      writeFileSync(bodyFile, '<p>Hi {{first_name}}, how is {{ company | default: "work" }}?</p>');
      const [tested, table, created] = await Promise.all([
        cli`senders test ${sender.id}`,
        cli`senders list --format table`,
        cli`templates create --name Intro --subject ${'Hello {{first_name}}'} --content-file ${bodyFile}`,
      ]);
      expect(json<{ smtp: { ok: boolean } }>(tested).smtp.ok).toBe(true);
      expect(table.stdout).toMatch(
        new RegExp(`^ID +EMAIL +NAME +STATUS.*\\n${sender.id} +ann@sender\\.test +Ann Sender +active`),
      );
      const template = json<{ id: string; content: string }>(created);
      expect(template.content).toContain('how is {{ company');

      // The list and its leads come from the API, as a user's import would.
      const listId = await newList('Leads');
      const contacts = await t.call(t.admin, 'POST', '/api/public/contacts', {
        list_id: listId,
        contacts: [
          { Email: 'bo@lead.test', First_Name: 'Bo' },
          { Email: 'cy@lead.test', First_Name: 'Cy' },
        ],
      });
      const bo = contacts.json<{ data: { contacts: { id: string }[] } }>().data.contacts[0]!;

      const settings = join(dir, 'settings.json');
      writeFileSync(settings, JSON.stringify({ timezone: 'UTC', emailSendingHours: ALWAYS_OPEN, delayEnabled: false }));
      const [preview, createdSeq] = await Promise.all([
        cli`templates preview ${template.id} --lead ${bo.id} --format table`,
        cli`sequences create --name Outreach --senders ${sender.id} --lists ${listId} --template ${template.id}
        --follow-up-after 2 --follow-up-content ${'<p>Any news, {{first_name}}?</p>'} --settings-file ${settings}`,
      ]);
      expect(preview).toMatchObject({ code: 0, stderr: '' });
      expect(preview.stdout).toContain('Subject:  Hello Bo\nSendable: yes\n\nHi Bo, how is work?');
      const seq = json<{ id: string; paused: boolean; steps: unknown[] }>(createdSeq);
      expect(seq.paused).toBe(true);
      expect(seq.steps).toEqual([
        { type: 'email', template_id: template.id },
        { type: 'delay', days: 2 },
        { type: 'email', content: '<p>Any news, {{first_name}}?</p>' },
      ]);

      expect(json<{ status: string }>(await cli`sequences start ${seq.id}`).status).toBe('running');
      const [forecast, forecastTable] = await Promise.all([
        cli`sequences forecast ${seq.id}`,
        cli`sequences forecast ${seq.id} --format table`,
      ]);
      expect(json<{ senders: unknown[] }>(forecast).senders).toEqual([
        expect.objectContaining({ sender_id: sender.id, will_send_today: 2 }),
      ]);
      expect(forecastTable.stdout.split('\n')[0]).toMatch(/^2 of 2 emails due today can go out today/);
      expect(forecastTable.stdout).toMatch(/senders:\nsender_id +email .*\n.*ann@sender\.test +active/);

      await t.server.engine.tick();
      expect(sink.messages.map((m) => m.to[0]).sort()).toEqual(['bo@lead.test', 'cy@lead.test']);

      const [stats, messages, leads] = await Promise.all([
        cli`sequences stats ${seq.id}`,
        cli`sequences messages ${seq.id} ${bo.id}`,
        cli`sequences leads ${seq.id} --format table`,
      ]);
      expect(json(stats)).toMatchObject({ sent: 2, messages: { sent: 2 } });
      expect(json(messages)).toEqual([expect.objectContaining({ status: 'sent', subject: 'Hello Bo' })]);
      expect(leads.stdout).toMatch(/bo@lead\.test +Bo +active/);
      expect(leads.stdout).toContain('1–2 of 2 leads');
    },
  );

  it(
    'fixes a refused login with a password from stdin; clones, pauses and archives',
    { timeout: 120_000 },
    async () => {
      const sender = json<{ id: string }>(
        await cli`senders add --from-email dee@sender.test --password wrong --smtp-host 127.0.0.1 --smtp-port ${sink.port}
        --user mailer@example.com`,
      );
      const refused = await cli`senders test ${sender.id} --format table`;
      expect(refused.code).toBe(1);
      expect(refused.stdout).toMatch(/^SMTP: FAILED — .*535/);
      expect(refused.stderr).toContain(`blinkpost senders update ${sender.id} --password -`);

      const fixed = await runWithStdin(['senders', 'update', sender.id, '--password', '-'], env, `${PASSWORD}\n`);
      expect(fixed.code).toBe(0);
      expect(fixed.stdout).not.toContain(PASSWORD);
      const [retested, tpl] = await Promise.all([
        cli`senders test ${sender.id}`,
        cli`templates create --name T --subject S --content ${'<p>x</p>'}`,
      ]);
      expect(json<{ smtp: { ok: boolean } }>(retested).smtp.ok).toBe(true);
      const tplId = json<{ id: string }>(tpl).id;

      const listId = await newList('L2');
      const seq = json<{ id: string; status: string }>(
        await cli`sequences create --name ${'Copy me'} --senders ${sender.id} --lists ${listId} --template ${tplId} --start`,
      );
      expect(seq.status).toBe('running');
      const [cloned, pausedRes] = await Promise.all([cli`sequences clone ${seq.id}`, cli`sequences pause ${seq.id}`]);
      const copy = json<{ clonedSequenceId: string }>(cloned).clonedSequenceId;
      expect(json<{ status: string }>(pausedRes).status).toBe('paused');
      const [copied, archivedSeq, archivedTpl] = await Promise.all([
        cli`sequences get ${copy}`,
        cli`sequences archive ${seq.id}`,
        cli`templates archive ${tplId}`,
      ]);
      expect(json(copied)).toMatchObject({ paused: true, name: 'Copy me (copy)' });
      expect(json(archivedSeq)).toEqual({ id: seq.id, archived: true });
      expect(json(archivedTpl)).toMatchObject({ id: tplId, archived: true });
      const [live, all] = await Promise.all([cli`sequences list`, cli`sequences list --all`]);
      const ids = (res: CliResult) => json<{ id: string }[]>(res).map((s) => s.id);
      expect(ids(live)).toContain(copy);
      expect(ids(live)).not.toContain(seq.id);
      expect(ids(all)).toContain(seq.id);
    },
  );

  it(
    'exits 2 without a key or with a wrong one, 3 for an unknown id, 1 otherwise, saying what to do',
    { timeout: 120_000 },
    async () => {
      const closedPort = await freePort();
      const [noKey, wrongKey, unknown, badInput, unreachable] = await Promise.all([
        runCli(['senders', 'list'], { env: { ...env, BLINKPOST_API_KEY: '' } }),
        runCli(['--api-key', 'bp_live_wrong', 'templates', 'list'], { env }),
        cli`sequences stats no-such-sequence`,
        cli`senders add --from-email x@y.test --password p --smtp-host h --smtp-port 25 --timezone Mars/Olympus`,
        cli`sequences list --base-url ${`http://127.0.0.1:${closedPort}`}`,
      ]);
      expect(noKey).toMatchObject({ code: 2, stdout: '' });
      expect(noKey.stderr).toContain('pass --api-key or set BLINKPOST_API_KEY; create one with `blinkpost keys create');
      expect(wrongKey.code).toBe(2);
      expect(wrongKey.stderr).toContain('Missing or invalid API key');
      expect(unknown.code).toBe(3);
      expect(unknown.stderr).toContain('sequence "no-such-sequence" was not found');
      expect(unknown.stderr).toContain('`blinkpost sequences list` shows them');
      expect(badInput.code).toBe(1);
      expect(badInput.stderr).toContain('timezone is not a known IANA time zone');
      expect(badInput.stderr).toContain('`blinkpost senders add --help`');
      expect(unreachable.code).toBe(1);
      expect(unreachable.stderr).toContain('ECONNREFUSED');
      expect(unreachable.stderr).toContain('BLINKPOST_URL');
    },
  );
});

describeEachDialect('blinkpost remote commands when rate limited', (dialect) => {
  let t: TestServer;
  let env: Record<string, string>;
  beforeAll(async () => {
    ({ t, env } = await listening(dialect, { rateLimits: { read: 1, write: 100, delete: 100 } }));
  });
  afterAll(async () => {
    await t?.server.close();
    await t?.testDb.destroy();
  });

  it('exits 4 and suggests --retry', { timeout: 60_000 }, async () => {
    expect((await runCli(['sequences', 'list'], { env })).code).toBe(0);
    const limited = await runCli(['sequences', 'list'], { env });
    expect(limited.code).toBe(4);
    expect(limited.stderr).toContain('--retry');
  });
});
