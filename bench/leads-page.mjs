/* global fetch, performance */
// The dashboard's leads table at scale: GET /api/public/v1.0.0/lists/:id/leads pages over a list of
// 100,000 leads (beside a second list of 50,000), first page, a deep page, searches, status filters.
// Standalone (after a build): node bench/leads-page.mjs [--dialects sqlite,postgres] [--leads N] [--runs N] [--keep]
import { parseArgs } from 'node:util';
import { fmt, freshStorage, median, postgresReachable, SQLite, startChild, uuidv7, withPg } from './common.mjs';
import { prepareWorkspace } from './seed.mjs';

const { values: args } = parseArgs({
  options: {
    dialects: { type: 'string', default: 'sqlite,postgres' },
    leads: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '7' },
    keep: { type: 'boolean', default: false },
  },
});
const LEADS = Number(args.leads);
const OTHER_LEADS = Math.floor(LEADS / 2);
const RUNS = Number(args.runs);
const COMPANIES = 500;
// Out of every 100 leads: this many of each status (the rest not_contacted); one archived, one in 200 removed.
const STATUS_SHARE = [
  ['contacted', 12],
  ['opened', 6],
  ['clicked', 2],
  ['replied', 3],
  ['bounced', 1],
];

const statusOf = (g) => {
  let at = (g * 37) % 100;
  for (const [status, share] of STATUS_SHARE) {
    if (at < share) return status;
    at -= share;
  }
  return 'not_contacted';
};

/** Lead g of a list: its row values in table order (id is UUIDv7 of its creation time). */
function leadRow(g, listId, workspaceId, base, prefix) {
  const created = base + g * 1000;
  const email = `${prefix}${g}@company${g % COMPANIES}.com`;
  return {
    id: uuidv7(created),
    workspace_id: workspaceId,
    list_id: listId,
    email,
    email_key: email,
    standard: JSON.stringify({
      First_Name: `First${g}`,
      Last_Name: `Last${g % 977}`,
      Company_Name: `Acme ${g % COMPANIES}`,
    }),
    custom: JSON.stringify({ Plan: g % 3 ? 'pro' : 'free' }),
    status: statusOf(g),
    created_at: created,
    last_modified: created,
    removed_at: g % 200 === 199 ? created : null,
    starred: 0,
    archived: g % 100 === 50 ? 1 : 0,
  };
}

const COLUMNS = Object.keys(leadRow(0, '', '', 0, ''));

function listRow(id, workspaceId, name, count, now) {
  return {
    id,
    workspace_id: workspaceId,
    name,
    archived: 0,
    starred: 0,
    owned_by: 'bench@blinkpost.test',
    fields: JSON.stringify(['email', 'first_name', 'last_name', 'company_name', 'Plan']),
    contacts_count: count,
    created_at: now,
    last_modified: now,
    folder: '',
    integration: '',
    settings: '{}',
  };
}

async function seed(storage, workspaceId) {
  const now = Date.now();
  const base = now - (LEADS + OTHER_LEADS) * 1000 - 60_000;
  const lists = [
    listRow(uuidv7(base - 2000), workspaceId, 'Big list', LEADS, now),
    listRow(uuidv7(base - 1000), workspaceId, 'Other list', OTHER_LEADS, now),
  ];
  // Interleaved in time, as two imports running side by side would be.
  const rows = function* () {
    for (let g = 0; g < LEADS; g++) {
      yield leadRow(g, lists[0].id, workspaceId, base, 'lead');
      if (g < OTHER_LEADS) yield leadRow(g, lists[1].id, workspaceId, base + 500, 'other');
    }
  };
  const listColumns = Object.keys(lists[0]);
  if (storage.dialect === 'sqlite') {
    const db = new SQLite(storage.file);
    const insList = db.prepare(
      `insert into lists (${listColumns.join(', ')}) values (${listColumns.map(() => '?').join(', ')})`,
    );
    const ins = db.prepare(`insert into leads (${COLUMNS.join(', ')}) values (${COLUMNS.map(() => '?').join(', ')})`);
    db.transaction(() => {
      for (const l of lists) insList.run(...Object.values(l));
      for (const r of rows()) ins.run(...Object.values(r));
    })();
    // No ANALYZE: the server never runs one, so the planner sees what an installation's planner sees.
    // The load goes into the main file, so no checkpoint of it runs while pages are timed.
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
  } else {
    await withPg(async (c) => {
      await c.query('begin');
      for (const l of lists) {
        await c.query(
          `insert into lists (${listColumns.join(', ')}) values (${listColumns.map((_, i) => `$${i + 1}`).join(', ')})`,
          Object.values(l),
        );
      }
      let batch = [];
      const flush = async () => {
        const params = COLUMNS.map((col) => batch.map((r) => r[col]));
        const types = COLUMNS.map((col) =>
          ['created_at', 'last_modified', 'removed_at'].includes(col)
            ? 'bigint[]'
            : ['starred', 'archived'].includes(col)
              ? 'int[]'
              : 'text[]',
        );
        await c.query(
          `insert into leads (${COLUMNS.join(', ')}) select * from unnest(${types.map((t, i) => `$${i + 1}::${t}`).join(', ')})`,
          params,
        );
        batch = [];
      };
      for (const r of rows()) {
        batch.push(r);
        if (batch.length === 5000) await flush();
      }
      if (batch.length) await flush();
      await c.query('commit');
      await c.query('vacuum analyze leads');
    }, storage.schema);
  }
  return lists[0].id;
}

const CASES = [
  ['first page', 'limit=50'],
  ['first page, oldest first', 'limit=50&sort=asc'],
  ['middle page (skip 50,000)', 'limit=50&skip=50000'],
  ['last page (skip 98,450)', 'limit=50&skip=98450'],
  ['search "acme 42" (2,200 matches)', 'limit=50&search=acme%2042'],
  ['search with no match', 'limit=50&search=nobody-here'],
  ['status=replied (3 %)', 'limit=50&status=replied'],
  ['status=bounced, skip 500', 'limit=50&status=bounced&skip=500'],
  ['status=unsubscribed (none)', 'limit=50&status=unsubscribed'],
  ['archived=true', 'limit=50&archived=true'],
];

async function timeCase(url, key, path) {
  const once = async () => {
    const t0 = performance.now();
    const res = await fetch(url + path, { headers: { authorization: key } });
    const body = await res.json();
    if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
    return { ms: performance.now() - t0, count: body.count };
  };
  const first = await once(); // warm-up
  const times = [];
  for (let i = 0; i < RUNS; i++) times.push((await once()).ms);
  return { median: median(times), min: Math.min(...times), count: first.count };
}

for (const dialect of args.dialects.split(',')) {
  if (dialect === 'postgres' && !(await postgresReachable())) {
    console.log('postgres: not reachable, skipped');
    continue;
  }
  const { storage, drop } = await freshStorage(dialect, 'leads-page');
  try {
    const { key, workspaceId } = await prepareWorkspace(storage);
    const t0 = performance.now();
    const listId = await seed(storage, workspaceId);
    console.log(
      `${dialect}: seeded ${fmt(LEADS)} + ${fmt(OTHER_LEADS)} leads in ${fmt((performance.now() - t0) / 1000, 1)} s`,
    );
    const child = await startChild({ mode: 'blinkpost', storage });
    try {
      for (const [name, query] of CASES) {
        const r = await timeCase(child.url, key, `/api/public/v1.0.0/lists/${listId}/leads?${query}`);
        console.log(`| ${name} | ${dialect} | ${fmt(r.median, 1)} ms | ${fmt(r.min, 1)} ms | ${r.count} |`);
      }
    } finally {
      await child.stop();
    }
  } finally {
    if (args.keep) console.log(`${dialect}: kept ${storage.file ?? storage.schema}`);
    else await drop();
  }
}
