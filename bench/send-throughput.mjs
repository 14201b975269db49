// (d) Sending throughput: the engine sending a one-step sequence to a loopback SMTP sink, against raw
// nodemailer sending the same messages through the same kind of pooled connections, in the same run.
import { performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';
import { createServer, loadConfig } from '@blinkpost/server';
import { fmt, freshDir, ROOT } from './common.mjs';

const require = createRequire(`${ROOT}/packages/server/package.json`);
const nodemailer = require('nodemailer');
const { SMTPServer } = createRequire(`${ROOT}/package.json`)('smtp-server');

const TARGET_RATIO = 0.7;
const TARGET_RATE = 500;
const SENDERS = 8;

/** A sink that accepts everything and counts what it received. */
async function startSink() {
  let received = 0;
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    authMethods: ['PLAIN', 'LOGIN'],
    allowInsecureAuth: true,
    onAuth: (auth, _session, callback) => callback(null, { user: auth.username }),
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        received += 1;
        callback();
      });
    },
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.server.address().port,
    received: () => received,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

function messageOf(i, port) {
  return {
    from: { name: 'Ann Sender', address: `sender${i % SENDERS}@sender.test` },
    to: `lead${i}@lead.test`,
    subject: `Hello Lead${i}`,
    html: `<p>Hi Lead${i}, how is Company ${i}?</p>`,
    text: `Hi Lead${i}, how is Company ${i}?`,
    messageId: `<bench-${i}-${port}@sender.test>`,
  };
}

/** Raw nodemailer: one pool per sender, `concurrency` sends in flight, like the engine. */
async function rawNodemailer(count, port, concurrency) {
  const pools = Array.from({ length: SENDERS }, () =>
    nodemailer.createTransport({
      host: '127.0.0.1',
      port,
      secure: false,
      pool: true,
      maxConnections: 5,
      ignoreTLS: true,
    }),
  );
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        await pools[i % SENDERS].sendMail(messageOf(i, port));
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  for (const p of pools) p.close();
  return count / seconds;
}

/** The engine: senders, a template, a list of `count` leads and a running sequence; passes until all are sent. */
async function engineRun(dialect, storage, count, port) {
  const config = {
    ...loadConfig({ dataDir: freshDir('send-keys') }, {}),
    storage,
    logLevel: 'silent',
    // 16 SMTP sends in flight, as the baseline has, and 16 more steps reserved ahead of them.
    engine: { batchSize: 500, concurrency: 16, reserveAhead: 16, intervalMs: 1 },
  };
  const server = await createServer(config, { logger: false, bootstrap: false });
  const s = server.services;
  const key = await s.keys.create({ workspace: 'bench', role: 'admin', name: 'bench' });
  const p = await s.keys.authenticate(key.key);
  const senderIds = [];
  for (let i = 0; i < SENDERS; i++) {
    const created = await s.senders.create(p, {
      from_email: `sender${i}@sender.test`,
      password: 'x',
      smtp_host: '127.0.0.1',
      smtp_port: port,
      max_emails_per_day: 100_000,
      timezone: 'UTC',
    });
    senderIds.push(created.sender.id);
  }
  const tpl = await s.templates.create(p, {
    name: 'Intro',
    subject_line: 'Hello {{first_name}}',
    content: '<p>Hi {{first_name}}, how is {{company}}?</p>',
  });
  const list = await s.lists.create(p, { name: 'bench' });
  for (let i = 0; i < count; i += 10_000) {
    const contacts = [];
    for (let j = i; j < Math.min(count, i + 10_000); j++) {
      contacts.push({ Email: `lead${j}@lead.test`, First_Name: `Lead${j}`, Company: `Company ${j}` });
    }
    await s.contacts.add(p, { list_id: list.id, contacts });
  }
  const allDay = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'].map((name) => ({
    name,
    enabled: true,
    fromTime: '00:00',
    toTime: '24:00',
  }));
  const seq = await s.sequences.create(p, {
    name: 'bench',
    senders: senderIds.join(','),
    lists: [list.id],
    steps: [{ type: 'email', template_id: tpl.id }],
    timezone: 'UTC',
    emailSendingHours: allDay,
    delayEnabled: false,
    plainText: false,
    paused: false,
  });
  const rss = [process.memoryUsage().rss];
  const t0 = performance.now();
  let sent = 0;
  while (sent < count) {
    const report = await server.engine.tick();
    sent += report?.sent ?? 0;
    rss.push(process.memoryUsage().rss);
    if (performance.now() - t0 > 15 * 60_000) throw new Error(`engine sent only ${sent} of ${count} in 15 minutes`);
  }
  const seconds = (performance.now() - t0) / 1000;
  const stats = await s.sequenceReports.stats(p, seq.id);
  await server.close();
  return { rate: count / seconds, seconds, sentInLedger: stats.messages.sent, rss, mailThreads: config.mailThreads };
}

/** Runs (d) on one dialect; answers rows for the report table. */
export async function benchSendThroughput({ dialect, storage, count }) {
  const sink = await startSink();
  try {
    const concurrency = 16;
    const baseline = await rawNodemailer(count, sink.port, concurrency);
    const before = sink.received();
    const run = await engineRun(dialect, storage, count, sink.port);
    const delivered = sink.received() - before;
    const ratio = run.rate / baseline;
    const third = Math.floor(run.rss.length / 3);
    const early = Math.max(...run.rss.slice(0, Math.max(1, third)));
    const late = Math.max(...run.rss.slice(-Math.max(1, third)));
    return [
      {
        bench: '(d) engine sends to a loopback SMTP sink',
        dialect,
        figure: `${fmt(run.rate)} msg/s`,
        baseline: `${fmt(baseline)} msg/s (raw nodemailer)`,
        ratio: `${fmt(ratio, 2)}×`,
        target: `≥ ${TARGET_RATIO}× and ≥ ${TARGET_RATE} msg/s`,
        met: ratio >= TARGET_RATIO && run.rate >= TARGET_RATE,
        detail:
          `${fmt(count)} one-step messages from ${SENDERS} senders, ${concurrency} in flight, ${run.mailThreads} mail thread(s), each reserved in the ledger ` +
          `before SMTP and recorded after; ${fmt(run.seconds, 1)} s; the sink received ${fmt(delivered)}, the ledger says ` +
          `${fmt(run.sentInLedger)} sent. Baseline: nodemailer pools sending the same messages with the same concurrency.`,
      },
      {
        bench: '(d) engine memory over the run',
        dialect,
        figure: `${fmt((late - early) / 2 ** 20, 1)} MB`,
        baseline: `${fmt(early / 2 ** 20)} MB (peak RSS, first third)`,
        ratio: `${fmt(late / early, 2)}×`,
        target: 'flat (< 50 MB growth)',
        met: late - early < 50 * 2 ** 20,
        detail: 'peak RSS of the last third of the engine passes minus the peak of the first third (same process)',
      },
    ];
  } finally {
    await sink.close();
  }
}
