// (b) POST /api/public/contacts with 10,000 contacts into a fresh list, over real HTTP; against
// the raw driver inserting the same rows in one transaction.
import { performance } from 'node:perf_hooks';
import { api, cpuMsOf, fmt, median, pg, PG_URL, SQLite, startChild, uuidv7 } from './common.mjs';
import { prepareWorkspace } from './seed.mjs';

export const CONTACTS = 10_000;
/** Targets on SQLite: the request takes at most this long, and at most this multiple of the raw insert. */
export const ADD_TARGET_MS = 1000;
export const ADD_TARGET_RATIO = 3;

const FIRST = ['Anna', 'Ben', 'Chloé', 'David', 'Emma', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jon', 'Kofi', 'Lena'];
const LAST = ['Smith', 'Nguyen', 'García', 'Müller', 'Okafor', 'Rossi', 'Kowalski', 'Tanaka', 'Dubois', 'Silva'];
const COMPANIES = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay', 'Stark', 'Wayne', 'Tyrell', 'Soylent'];

const ascii = (s) =>
  s
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();

/** The contacts of one repetition, as a lead source would send them: unique emails per repetition. */
export function contactsFor(rep) {
  return Array.from({ length: CONTACTS }, (_, i) => {
    const first = FIRST[i % FIRST.length];
    const last = LAST[(i >> 2) % LAST.length];
    const company = COMPANIES[i % COMPANIES.length];
    return {
      Email: `${ascii(first)}.${ascii(last)}.${i}.r${rep}@${company.toLowerCase()}${i % 97}.com`,
      First_Name: first,
      Last_Name: last,
      Company: `${company} ${i % 97}`,
      LinkedIn_Url: `https://www.linkedin.com/in/${ascii(first)}-${ascii(last)}-${i}`,
    };
  });
}

/** Runs (b) on a fresh database; answers its row for the final table. */
export async function benchAddContacts({ dialect, storage, reps }) {
  const { key, workspaceId } = await prepareWorkspace(storage);
  const server = await startChild({ mode: 'blinkpost', storage });
  const times = [];
  const cpu = [];
  try {
    // One repetition more than measured: the first warms the JIT and is dropped.
    for (let rep = 0; rep <= reps; rep++) {
      const list = await api(server.url, key, 'POST', '/api/public/v1.0.0/lists', { name: `bench ${rep}` });
      const body = JSON.stringify({ list_id: list.data.id, contacts: contactsFor(rep) });
      const cpu0 = cpuMsOf(server.pid);
      const t0 = performance.now();
      const res = await api(server.url, key, 'POST', '/api/public/contacts', body);
      const ms = performance.now() - t0;
      if (res.data.added !== CONTACTS) throw new Error(`added ${res.data.added} contacts, not ${CONTACTS}`);
      if (rep > 0) times.push(ms);
      if (rep > 0) cpu.push(cpuMsOf(server.pid) - cpu0);
    }
  } finally {
    await server.stop();
  }

  const rawTimes = [];
  const raw = dialect === 'sqlite' ? rawSqlite(storage.file) : await rawPostgres(storage.schema);
  try {
    for (let rep = 0; rep <= reps; rep++) {
      const ms = await raw.insert(workspaceId, contactsFor(100 + rep));
      if (rep > 0) rawTimes.push(ms);
    }
  } finally {
    await raw.close();
  }

  const ms = median(times);
  const base = median(rawTimes);
  const ratio = ms / base;
  const detail =
    `${fmt(CONTACTS)} contacts (Email, First_Name, Last_Name, Company, a custom field), ${times.length} ` +
    `repetitions after a warm-up, each into a fresh list; HTTP ${listed(times)} ms; raw ${listed(rawTimes)} ms; ` +
    `server process CPU per request (median) ${fmt(median(cpu))} ms`;
  const sqlite = dialect === 'sqlite';
  return [
    {
      bench: '(b) POST /contacts, 10,000 contacts',
      dialect,
      figure: `${fmt(ms)} ms (median)`,
      baseline: `${fmt(base)} ms (${sqlite ? 'raw better-sqlite3' : 'raw pg'} insert)`,
      ratio: `${fmt(ratio, 2)}×`,
      target: sqlite ? `≤ ${fmt(ADD_TARGET_MS)} ms and ≤ ${ADD_TARGET_RATIO}×` : '—',
      met: sqlite ? ms <= ADD_TARGET_MS && ratio <= ADD_TARGET_RATIO : undefined,
      detail,
    },
  ];
}

const listed = (xs) => xs.map((x) => fmt(x)).join(', ');

// The minimum work of storing the batch: an id, the email key and the two JSON columns per
// contact, then the rows and the list's count in one transaction.
function leadRows(workspaceId, listId, contacts, now) {
  return contacts.map((c) => {
    const email = c.Email.trim();
    return [
      uuidv7(now),
      workspaceId,
      listId,
      email,
      email.toLowerCase(),
      JSON.stringify({ Email: email, First_Name: c.First_Name, Last_Name: c.Last_Name, Company_Name: c.Company }),
      JSON.stringify({ LinkedIn_Url: c.LinkedIn_Url }),
      'not_contacted',
      now,
      now,
    ];
  });
}

function newList(workspaceId, now) {
  return [uuidv7(now), workspaceId, 'raw bench', 'bench@blinkpost.test', '["email"]', now, now];
}
const LIST_SQL = `insert into lists (id, workspace_id, name, archived, starred, owned_by, fields, contacts_count,
  created_at, last_modified)`;
const LEAD_COLUMNS = `id, workspace_id, list_id, email, email_key, standard, custom, status, created_at, last_modified`;

function rawSqlite(file) {
  const db = new SQLite(file);
  // The pragmas the server's openDatabase sets, so both write the same way.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  const insList = db.prepare(`${LIST_SQL} values (?, ?, ?, 0, 0, ?, ?, 0, ?, ?)`);
  const insLead = db.prepare(`insert into leads (${LEAD_COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const bump = db.prepare('update lists set contacts_count = contacts_count + ?, last_modified = ? where id = ?');
  return {
    insert: async (workspaceId, contacts) => {
      const list = newList(workspaceId, Date.now());
      insList.run(...list);
      const t0 = performance.now();
      const now = Date.now();
      const rows = leadRows(workspaceId, list[0], contacts, now);
      db.transaction(() => {
        for (const r of rows) insLead.run(...r);
        bump.run(rows.length, now, list[0]);
      })();
      return performance.now() - t0;
    },
    close: async () => db.close(),
  };
}

async function rawPostgres(schema) {
  const client = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${schema}` });
  await client.connect();
  return {
    insert: async (workspaceId, contacts) => {
      const list = newList(workspaceId, Date.now());
      await client.query(`${LIST_SQL} values ($1, $2, $3, 0, 0, $4, $5, 0, $6, $7)`, list);
      const t0 = performance.now();
      const now = Date.now();
      const rows = leadRows(workspaceId, list[0], contacts, now);
      // One statement for the whole batch: each column sent as an array and unnested.
      const cols = Array.from({ length: 10 }, (_, j) => rows.map((r) => r[j]));
      await client.query('begin');
      await client.query(
        `insert into leads (${LEAD_COLUMNS})
         select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                              $8::text[], $9::bigint[], $10::bigint[])`,
        cols,
      );
      await client.query('update lists set contacts_count = contacts_count + $1, last_modified = $2 where id = $3', [
        rows.length,
        now,
        list[0],
      ]);
      await client.query('commit');
      return performance.now() - t0;
    },
    close: () => client.end(),
  };
}
