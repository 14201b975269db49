// (c) The unpaged sent feed: every row streamed. The server runs in a child process, so the RSS
// sampled from /proc is the server's alone; the baseline reads the same rows through the raw driver.
import { Buffer } from 'node:buffer';
import { request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { clearInterval, setInterval } from 'node:timers';
import { api, fmt, pg, PG_URL, rssOf, SQLite, startChild } from './common.mjs';

const SAMPLE_MS = 50;
const MB = 1024 * 1024;
/** Target: the server's RSS grows by less than this while it streams. */
export const STREAM_TARGET_MB = 100;

// Reads the whole body, keeping only its byte count and tail, as a client that writes it to disk would.
function consume(url, key) {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { authorization: key } }, (res) => {
      if (res.statusCode !== 200) reject(new Error(`GET ${url}: ${res.statusCode}`));
      let bytes = 0;
      let last = Buffer.alloc(0);
      res.on('data', (chunk) => {
        bytes += chunk.length;
        last = Buffer.concat([last, chunk.subarray(-64)]).subarray(-64);
      });
      res.on('end', () => {
        const tail = last.toString('latin1');
        const m = /"count":(\d+)\}$/.exec(tail);
        if (!m) reject(new Error(`the stream did not end with a count: …${tail}`));
        else resolve({ bytes, count: Number(m[1]) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Runs (c) on a seeded database; answers two result rows (memory, throughput). */
export async function benchSentStream({ dialect, storage, key, layout, workspaceId }) {
  const server = await startChild({ mode: 'blinkpost', storage });
  let run;
  try {
    // Warm up the route (and JIT) on a small feed first, as a server that has been up a while would be.
    await api(server.url, key, 'GET', '/api/public/sent?per_page=100');
    await consume(
      `${server.url}/api/public/sent?recipient_email_address=${encodeURIComponent('Lead1@Company1.com')}`,
      key,
    );
    await new Promise((r) => setTimeout(r, 500));
    const before = rssOf(server.pid);
    const heapBefore = await server.memory();
    let peak = before;
    const heap = { used: 0, total: 0, external: 0 };
    let asking = false;
    let samples = 0;
    const timer = setInterval(() => {
      peak = Math.max(peak, rssOf(server.pid));
      // Where the memory is: the V8 heap, or buffers outside it (asked every 5th sample, one question at a time).
      if (samples++ % 5 !== 0 || asking) return;
      asking = true;
      void server.memory().then((u) => {
        asking = false;
        heap.used = Math.max(heap.used, u.heapUsed);
        heap.total = Math.max(heap.total, u.heapTotal);
        heap.external = Math.max(heap.external, u.external + u.arrayBuffers);
      });
    }, SAMPLE_MS);
    const t0 = performance.now();
    let got;
    try {
      got = await consume(`${server.url}/api/public/sent`, key);
    } finally {
      clearInterval(timer);
    }
    const seconds = (performance.now() - t0) / 1000;
    peak = Math.max(peak, rssOf(server.pid));
    if (got.count !== layout.rows) throw new Error(`the stream answered ${got.count} records, not ${layout.rows}`);
    run = { before, peak, seconds, heapBefore, heap, ...got };
  } finally {
    await server.stop();
  }

  const raw = await rawRead(storage, workspaceId);
  if (raw.count !== layout.rows) throw new Error(`the raw read found ${raw.count} rows, not ${layout.rows}`);
  const growth = (run.peak - run.before) / MB;
  const rate = run.count / run.seconds;
  const rawRate = raw.count / raw.seconds;
  const detail =
    `${fmt(run.count)} records, ${fmt(run.bytes / MB)} MB of JSON in ${fmt(run.seconds, 1)} s; ` +
    `server RSS ${fmt(run.before / MB)} MB before, peak ${fmt(run.peak / MB)} MB (sampled every ${SAMPLE_MS} ms); ` +
    `V8 heap used ${fmt(run.heapBefore.heapUsed / MB)} MB before, peak ${fmt(run.heap.used / MB)} MB ` +
    `(heap reserved peak ${fmt(run.heap.total / MB)} MB); buffers outside the heap peak ${fmt(run.heap.external / MB)} MB`;
  return [
    {
      bench: '(c) GET /sent unpaged: RSS growth',
      dialect,
      figure: `${fmt(growth, 1)} MB`,
      baseline: `${fmt(run.before / MB)} MB (RSS before)`,
      ratio: `${fmt(run.peak / run.before, 2)}×`,
      target: `< ${STREAM_TARGET_MB} MB`,
      met: growth < STREAM_TARGET_MB,
      detail,
    },
    {
      bench: '(c) GET /sent unpaged: rows/s',
      dialect,
      figure: `${fmt(rate)} rows/s (${fmt(run.seconds, 1)} s)`,
      baseline: `${fmt(rawRate)} rows/s (raw driver, ${fmt(raw.seconds, 1)} s)`,
      ratio: `${fmt(rate / rawRate, 2)}×`,
      target: '—',
      met: undefined,
      detail: 'baseline: the same keyset query in batches of 1,000 through the driver, each row JSON-encoded',
    },
  ];
}

// The floor for streaming: the query the server runs, batch by batch, straight through the driver.
const SELECT = `select a.id, a.kind, a.time, a.sequence_id, s.name as sequence_name, a.recipient_email, a.subject,
    a.step, a.template_name, a.sender_email, a.message_id, a.machine, a.machine_reason, a.url, a.snippet,
    a.auto_reply, a.reply_message_id
  from activity a left join sequences s on s.id = a.sequence_id`;
const BATCH = 1000;

async function rawRead(storage, workspaceId) {
  let count = 0;
  let bytes = 0;
  const t0 = performance.now();
  if (storage.dialect === 'sqlite') {
    const db = new SQLite(storage.file, { readonly: true });
    const first = db.prepare(
      `${SELECT} where a.workspace_id = ? and a.kind = 'sent' order by a.time desc, a.id desc limit ${BATCH}`,
    );
    const next = db.prepare(
      `${SELECT} where a.workspace_id = ? and a.kind = 'sent' and (a.time, a.id) < (?, ?)
       order by a.time desc, a.id desc limit ${BATCH}`,
    );
    let rows = first.all(workspaceId);
    for (;;) {
      for (const r of rows) bytes += JSON.stringify(r).length;
      count += rows.length;
      if (rows.length < BATCH) break;
      const last = rows[rows.length - 1];
      rows = next.all(workspaceId, last.time, last.id);
    }
    db.close();
  } else {
    const client = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${storage.schema}` });
    await client.connect();
    let after;
    for (;;) {
      const { rows } = after
        ? await client.query(
            `${SELECT} where a.workspace_id = $1 and a.kind = 'sent' and (a.time, a.id) < ($2, $3)
             order by a.time desc, a.id desc limit ${BATCH}`,
            [workspaceId, after.time, after.id],
          )
        : await client.query(
            `${SELECT} where a.workspace_id = $1 and a.kind = 'sent' order by a.time desc, a.id desc limit ${BATCH}`,
            [workspaceId],
          );
      for (const r of rows) bytes += JSON.stringify(r).length;
      count += rows.length;
      if (rows.length < BATCH) break;
      after = rows[rows.length - 1];
    }
    await client.end();
  }
  return { count, bytes, seconds: (performance.now() - t0) / 1000 };
}
