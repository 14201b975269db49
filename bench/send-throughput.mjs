// (d) Sending throughput: the engine sending a one-step sequence to a loopback SMTP sink, against raw
// nodemailer sending the same messages through the same kind of pooled connections, in the same run.
import { performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';
import { createServer, loadConfig } from '@blinkpost/server';
import { fmt, freshDir, median, postgresCpu, postgresCpuSince, ROOT } from './common.mjs';

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

/** CPU (ms) of this process (all its threads) so far, and PostgreSQL's per process when `withDb`. */
function cpuNow(withDb) {
  const { user, system } = process.cpuUsage();
  return { own: (user + system) / 1000, db: withDb ? postgresCpu() : undefined };
}

/** Adds the CPU used since `before` (a `cpuNow()`) to `into`. */
function addCpu(into, before) {
  const { user, system } = process.cpuUsage();
  into.own += (user + system) / 1000 - before.own;
  if (before.db) into.db += postgresCpuSince(before.db);
}

/**
 * Raw nodemailer: one pool per sender, `concurrency` sends in flight, like the engine. The pools stay
 * open across chunks, as the engine's do across passes; `send(from, to)` answers messages per second.
 */
function rawNodemailer(port, concurrency) {
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
  return {
    async send(from, to) {
      const t0 = performance.now();
      let next = from;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < to) {
            const i = next++;
            await pools[i % SENDERS].sendMail(messageOf(i, port));
          }
        }),
      );
      return (to - from) / ((performance.now() - t0) / 1000);
    },
    close: () => pools.forEach((p) => p.close()),
  };
}

/**
 * The engine: senders, a template, a list of `count` leads and a running sequence; passes until all
 * are sent. Every `segment` messages the passes stop and `between()` runs (the baseline's chunk), so
 * the two are measured side by side through the run rather than minutes apart on a noisy machine.
 */
async function engineRun(dialect, storage, count, port, segment, between) {
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
  const segments = [];
  const cpu = { own: 0, db: 0, messages: 0 };
  let seconds = 0;
  let sent = 0;
  while (sent < count) {
    const t0 = performance.now();
    const from = sent;
    const before = cpuNow(dialect === 'postgres');
    while (sent < count && sent - from < segment) {
      const report = await server.engine.tick();
      sent += report?.sent ?? 0;
      rss.push(process.memoryUsage().rss);
      if (seconds + (performance.now() - t0) / 1000 > 15 * 60) {
        throw new Error(`engine sent only ${sent} of ${count} in 15 minutes`);
      }
    }
    const took = (performance.now() - t0) / 1000;
    addCpu(cpu, before);
    cpu.messages += sent - from;
    segments.push((sent - from) / took);
    seconds += took;
    if (sent < count) await between();
  }
  const stats = await s.sequenceReports.stats(p, seq.id);
  await server.close();
  return { segments, seconds, cpu, sentInLedger: stats.messages.sent, rss, mailThreads: config.mailThreads };
}

/** Runs (d) on one dialect; answers rows for the report table. */
export async function benchSendThroughput({ dialect, storage, count }) {
  const sink = await startSink();
  const concurrency = 16;
  const raw = rawNodemailer(sink.port, concurrency);
  try {
    // Ten engine segments, each followed by a baseline chunk of half its size (ids past the engine's).
    const segment = Math.max(500, Math.ceil(count / 10));
    const chunk = Math.ceil(segment / 2);
    let rawNext = count;
    const rawCpu = { own: 0, db: 0, messages: 0 };
    const rawChunk = async () => {
      const before = cpuNow(false); // the baseline uses no database
      const rate = await raw.send(rawNext, (rawNext += chunk));
      addCpu(rawCpu, before);
      rawCpu.messages += chunk;
      return rate;
    };
    await raw.send(rawNext, (rawNext += chunk)); // warms the pools and the JIT, as the engine's first segment warms it
    const baselines = [await rawChunk()];
    const before = sink.received();
    const run = await engineRun(dialect, storage, count, sink.port, segment, async () => {
      baselines.push(await rawChunk());
    });
    const delivered = sink.received() - before - chunk * (baselines.length - 1);
    const rate = median(run.segments);
    const baseline = median(baselines);
    const overall = count / run.seconds;
    const ratio = rate / baseline;
    const perMessage = (ms, of = run.cpu) => (ms * 1000) / of.messages;
    const third = Math.floor(run.rss.length / 3);
    const early = Math.max(...run.rss.slice(0, Math.max(1, third)));
    const late = Math.max(...run.rss.slice(-Math.max(1, third)));
    return [
      {
        bench: '(d) engine sends to a loopback SMTP sink',
        dialect,
        figure: `${fmt(rate)} msg/s`,
        baseline: `${fmt(baseline)} msg/s (raw nodemailer)`,
        ratio: `${fmt(ratio, 2)}×`,
        target: `≥ ${TARGET_RATIO}× and ≥ ${TARGET_RATE} msg/s`,
        met: ratio >= TARGET_RATIO && overall >= TARGET_RATE,
        detail:
          `${fmt(count)} one-step messages from ${SENDERS} senders, ${concurrency} in flight, ${run.mailThreads} mail thread(s), each reserved in the ledger ` +
          `before SMTP and recorded after; ${fmt(run.seconds, 1)} s of passes (${fmt(overall)} msg/s overall, enrolment included); ` +
          `the sink received ${fmt(delivered)}, the ledger says ${fmt(run.sentInLedger)} sent. Medians of ${run.segments.length} engine segments ` +
          `alternated with ${baselines.length} baseline chunks of ${fmt(chunk)}: ${run.segments.map((r) => fmt(r)).join(' / ')} vs ` +
          `${baselines.map((r) => fmt(r)).join(' / ')} msg/s. Baseline: nodemailer pools sending the same kind of messages with the same concurrency.`,
      },
      {
        bench: '(d) same, CPU per message',
        dialect,
        figure: `${fmt(perMessage(run.cpu.own + run.cpu.db))} µs`,
        baseline: `${fmt(perMessage(rawCpu.own, rawCpu))} µs (raw nodemailer)`,
        ratio: `${fmt(perMessage(rawCpu.own, rawCpu) / perMessage(run.cpu.own + run.cpu.db), 2)}× (raw ÷ ours)`,
        target: '—',
        detail:
          `CPU time (user + system) over the engine segments per message sent, enrolment included: the process ` +
          `(engine, mail thread and the sink) ${fmt(perMessage(run.cpu.own))} µs` +
          (dialect === 'postgres'
            ? ` and PostgreSQL's processes ${fmt(perMessage(run.cpu.db))} µs (those alive at each segment's end)`
            : '') +
          `; the baseline's over its chunks (nodemailer and the sink, one thread)`,
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
    raw.close();
    await sink.close();
  }
}
