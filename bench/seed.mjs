// Fills a fresh database fast: a workspace with an API key made by the server's own KeyService,
// then sequences and a million 'sent' activity rows written straight through the driver.
import { createServer, loadConfig } from '@blinkpost/server';
import { tmpdir } from 'node:os';
import { SQLite, uuidv7, withPg } from './common.mjs';

/** Sequences the activity is spread over. */
export const SEQUENCES = 50;
/** Each recipient belongs to one sequence and got this many emails, so a (sequence, recipient) filter matches this many rows. */
export const ROWS_PER_RECIPIENT = 250;
// Activity times span the last 90 days, evenly; row g is the g-th oldest.
const SPAN_MS = 90 * 24 * 3600 * 1000;
// Spreads consecutive rows over recipients; prime, so (g * STRIDE) % recipients hits each recipient equally.
const STRIDE = 7919;

/** Migrates the database and makes an admin key for the 'bench' workspace through the server's KeyService. */
export async function prepareWorkspace(storage) {
  const config = { ...loadConfig({ host: '127.0.0.1', port: 0, dataDir: tmpdir() }, {}), storage };
  const server = await createServer(config, { logger: false, bootstrap: false });
  try {
    const created = await server.services.keys.create({ workspace: 'bench', role: 'admin', name: 'bench' });
    return { key: created.key, workspaceId: created.workspaceId };
  } finally {
    await server.close();
  }
}

/** The recipient address of recipient number r, as sent (mixed case) and as compared. */
export const recipientEmail = (r) => `Lead${r}@Company${r % 500}.com`;

/** How the seeded rows are laid out, for the benchmarks to pick filters from. */
export function layout(rows) {
  const recipients = Math.max(1, Math.floor(rows / ROWS_PER_RECIPIENT));
  return { rows, recipients, sequences: SEQUENCES };
}

function sequenceRows(workspaceId, now) {
  return Array.from({ length: SEQUENCES }, (_, i) => ({
    id: uuidv7(now - SPAN_MS - (SEQUENCES - i) * 1000),
    name: `Outbound wave ${i + 1}`,
  })).map((s) => ({
    ...s,
    workspace_id: workspaceId,
    status: 'running',
    owned_by: 'bench@blinkpost.test',
    settings: '{}',
  }));
}

/**
 * Seeds `rows` sent-activity rows and their sequences; answers the sequence ids (index i is
 * the sequence of every recipient r with r % SEQUENCES === i).
 */
export async function seedActivity(storage, workspaceId, rows) {
  const now = Date.now();
  const seqs = sequenceRows(workspaceId, now);
  const { recipients } = layout(rows);
  const base = now - SPAN_MS;
  if (storage.dialect === 'sqlite') seedSqlite(storage.file, seqs, workspaceId, rows, recipients, base, now);
  else await seedPostgres(storage.schema, seqs, workspaceId, rows, recipients, base, now);
  return seqs.map((s) => s.id);
}

function seedSqlite(file, seqs, workspaceId, rows, recipients, base, now) {
  const db = new SQLite(file);
  // A bulk load: no journal, no fsync, a big cache; the server turns WAL back on when it opens the file.
  db.pragma('journal_mode = DELETE'); // leaving WAL must go through a rollback journal mode
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('locking_mode = EXCLUSIVE');
  db.pragma('cache_size = -524288');
  // The activity indexes are dropped and rebuilt from their own definitions: a sort beats a million B-tree inserts.
  const indexes = db
    .prepare(`select name, sql from sqlite_master where type = 'index' and tbl_name = 'activity' and sql is not null`)
    .all();
  const perSeq = Math.round(rows / SEQUENCES);
  const insSeq = db.prepare(
    `insert into sequences (id, workspace_id, name, status, paused, archived, starred, owned_by, settings,
       sent_count, open_count, click_count, reply_count, created_at, last_modified)
     values (?, ?, ?, ?, 0, 0, 0, ?, ?, ?, 0, 0, 0, ?, ?)`,
  );
  const ins = db.prepare(
    `insert into activity (id, workspace_id, kind, time, sequence_id, lead_id, recipient_email, recipient_key,
       subject, step, template_name, sender_email, message_id, machine, machine_reason, url, snippet,
       auto_reply, reply_message_id)
     values (?, ?, 'sent', ?, ?, null, ?, ?, ?, ?, ?, ?, ?, 0, '', '', '', 0, '')`,
  );
  db.transaction(() => {
    for (const ix of indexes) db.exec(`drop index ${ix.name}`);
    for (const s of seqs) insSeq.run(s.id, workspaceId, s.name, s.status, s.owned_by, s.settings, perSeq, now, now);
    for (let g = 0; g < rows; g++) {
      const time = base + Math.floor((g * SPAN_MS) / rows);
      const r = (g * STRIDE) % recipients;
      const email = recipientEmail(r);
      const step = (g % 5) + 1;
      const id = uuidv7(time);
      ins.run(
        id,
        workspaceId,
        time,
        seqs[r % SEQUENCES].id,
        email,
        email.toLowerCase(),
        `Quick question for Company${r % 500} (step ${step})`,
        step,
        `Step ${step}`,
        `sdr${r % 5}@blinkpost-bench.com`,
        `<${id}@blinkpost-bench.com>`,
      );
    }
    for (const ix of indexes) db.exec(ix.sql);
  })();
  db.pragma('journal_mode = WAL');
  db.close();
}

async function seedPostgres(schema, seqs, workspaceId, rows, recipients, base, now) {
  await withPg(async (c) => {
    await c.query(`set maintenance_work_mem = '256MB'`);
    await c.query('begin');
    // The activity indexes (not the primary key) are dropped and rebuilt from their own definitions.
    const { rows: indexes } = await c.query(
      `select i.indexname as name, i.indexdef as sql from pg_indexes i
       where i.schemaname = current_schema() and i.tablename = 'activity'
         and not exists (select 1 from pg_constraint k where k.conname = i.indexname)`,
    );
    for (const ix of indexes) await c.query(`drop index ${ix.name}`);
    const perSeq = Math.round(rows / SEQUENCES);
    for (const s of seqs) {
      await c.query(
        `insert into sequences (id, workspace_id, name, status, paused, archived, starred, owned_by, settings,
           sent_count, open_count, click_count, reply_count, created_at, last_modified)
         values ($1, $2, $3, $4, 0, 0, 0, $5, $6, $7, 0, 0, 0, $8, $8)`,
        [s.id, workspaceId, s.name, s.status, s.owned_by, s.settings, perSeq, now],
      );
    }
    // The same rows as the SQLite seeder, computed in SQL; the id is UUIDv7-shaped from the time.
    await c.query(
      `insert into activity (id, workspace_id, kind, time, sequence_id, lead_id, recipient_email, recipient_key,
         subject, step, template_name, sender_email, message_id)
       select x.id, $1, 'sent', x.time, ($2::text[])[x.r % ${SEQUENCES} + 1], null, x.email, lower(x.email),
              'Quick question for Company' || (x.r % 500) || ' (step ' || x.step || ')', x.step,
              'Step ' || x.step, 'sdr' || (x.r % 5) || '@blinkpost-bench.com', '<' || x.id || '@blinkpost-bench.com>'
       from (
         select t.time, t.r, t.step, 'Lead' || t.r || '@Company' || (t.r % 500) || '.com' as email,
                substr(t.h, 1, 8) || '-' || substr(t.h, 9, 4) || '-7' || substr(t.m, 1, 3) || '-8'
                  || substr(t.m, 4, 3) || '-' || substr(t.m, 7, 12) as id
         from (
           select $3::bigint + (g::bigint * $4::bigint) / $5::bigint as time,
                  (g::bigint * ${STRIDE}) % $6::bigint as r,
                  g % 5 + 1 as step,
                  lpad(to_hex($3::bigint + (g::bigint * $4::bigint) / $5::bigint), 12, '0') as h,
                  md5(g::text) as m
           from generate_series(0, $5::int - 1) g
         ) t
       ) x`,
      [workspaceId, seqs.map((s) => s.id), base, SPAN_MS, rows, recipients],
    );
    for (const ix of indexes) await c.query(ix.sql);
    await c.query('commit');
    await c.query('analyze');
  }, schema);
}
