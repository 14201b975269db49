import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { useTestServer } from '../support/test-server.js';
import { createSequence, recordActivity, type Ok } from './api-fixtures.js';

// Every request of the SalesBlink API docs and of the SalesBlink n8n node, replayed as those clients
// send it; only the origin (https://run.salesblink.io), the key and the <id> placeholders change.
//
// Sources, and how verbatim each is:
// - https://salesblink.io/api (the "API Docs" page for /api/public, stored copy): the Authentication
//   and Get Lists examples (curl and axios) are verbatim. The stored copy breaks off inside the Add
//   Contacts body after `"list_id": "<id`; Add Contacts (curl with Phone, JavaScript with
//   Phone_Number), Remove Contact, Get Sequences and Get Sent/Opens/Clicks/Replies are reconstructed
//   in the page's own style (curl --location --request …, axios config with JSON.stringify data) from
//   /work/shared/spec/public-api.md §2 and v1-reference.md §3a.
// - sheksushant/salesblink-n8n-integration, nodes/SalesBlink/SalesBlink.node.ts and
//   credentials/SalesblinkApi.credentials.ts: verbatim (header names, body keys, defaults, query).

const ORIGIN = 'https://run.salesblink.io';
const KEY_PLACEHOLDER = 'your_salesblink_key';

interface Replay {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

describeEachDialect('SalesBlink docs and integrations, replayed', (dialect) => {
  const t = useTestServer(dialect);
  let listId: string;
  let sequenceId: string;

  /** Sends a documented request with our origin and key; the rest goes as the client sends it. */
  const replay = async (r: Replay): Promise<LightMyRequestResponse> => {
    const headers = Object.fromEntries(
      Object.entries(r.headers).map(([k, v]) => [k, v.replace(KEY_PLACEHOLDER, t().admin.key)]),
    );
    const fill = (s: string) => s.replaceAll('<list_id>', listId).replaceAll('<sequence_id>', sequenceId);
    return t().app.inject({
      method: r.method,
      url: fill(r.url).replace(ORIGIN, ''),
      headers,
      ...(r.body === undefined ? {} : { payload: fill(r.body) }),
    });
  };
  const succeeded = <T>(res: LightMyRequestResponse): Ok<T> => {
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<Ok<T>>();
    expect(body.success).toBe(true);
    return body;
  };

  // curl sends Accept: */* by default; axios sends Accept: application/json, text/plain, */*.
  const curl = (method: Replay['method'], url: string, body?: string): Replay => ({
    method,
    url,
    headers: {
      accept: '*/*',
      authorization: KEY_PLACEHOLDER,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body }),
  });
  const axios = (method: 'get' | 'post', url: string, data?: unknown): Replay => ({
    method: method === 'get' ? 'GET' : 'POST',
    url,
    headers: {
      accept: 'application/json, text/plain, */*',
      Authorization: KEY_PLACEHOLDER,
      ...(data === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    ...(data === undefined ? {} : { body: JSON.stringify(data) }),
  });

  beforeAll(async () => {
    const created = await t().call(t().admin, 'POST', '/api/public/v1.0.0/lists', { name: 'Docs list' });
    listId = created.json<Ok<{ id: string }>>().data.id;
    sequenceId = await createSequence(t(), t().admin, 'Docs sequence');
    const time = t().clock.now();
    const to = 'john@example.com';
    await recordActivity(t(), t().admin, [
      { kind: 'sent', time, sequence_id: sequenceId, recipient_email: to },
      { kind: 'open', time: time + 1, sequence_id: sequenceId, recipient_email: to },
      { kind: 'click', time: time + 2, sequence_id: sequenceId, recipient_email: to, url: 'https://example.com' },
      { kind: 'reply', time: time + 3, sequence_id: sequenceId, recipient_email: to, snippet: 'Interested' },
    ]);
  });

  describe('salesblink.io/api', () => {
    it('Authentication (curl -H "Authorization: your_salesblink_key")', async () => {
      succeeded(
        await replay({ method: 'GET', url: `${ORIGIN}/api/public/lists`, headers: { Authorization: KEY_PLACEHOLDER } }),
      );
    });

    it('Get Lists (curl, verbatim)', async () => {
      const body = succeeded<{ id: string }[]>(await replay(curl('GET', `${ORIGIN}/api/public/lists`)));
      expect(body.data.map((l) => l.id)).toContain(listId);
    });

    it('Get Lists (JavaScript, verbatim)', async () => {
      succeeded(await replay(axios('get', `${ORIGIN}/api/public/lists`)));
    });

    it('Add Contacts (curl, body reconstructed)', async () => {
      const body = `{
    "list_id": "<list_id>",
    "contacts": [
        {
            "Email": "john@example.com",
            "First_Name": "John",
            "Last_Name": "Doe",
            "Phone": "+1 555 0100",
            "Company_Name": "Example Inc",
            "Job_Title": "CEO",
            "Website": "https://example.com",
            "Custom Field": "Any Value"
        }
    ],
    "remove_duplicates": true
}`;
      const res = succeeded<{ added: number }>(await replay(curl('POST', `${ORIGIN}/api/public/contacts`, body)));
      expect(res.data.added).toBe(1);
    });

    it('Add Contacts (JavaScript with Phone_Number, body reconstructed)', async () => {
      const data = {
        list_id: '<list_id>',
        contacts: [
          {
            Email: 'jane@example.com',
            First_Name: 'Jane',
            Last_Name: 'Roe',
            Phone_Number: '+1 555 0101',
            Company_Name: 'Example Inc',
          },
        ],
        remove_duplicates: true,
      };
      const res = succeeded<{ added: number }>(await replay(axios('post', `${ORIGIN}/api/public/contacts`, data)));
      expect(res.data.added).toBe(1);
      const lead = await t()
        .server.store.db.kysely.selectFrom('leads')
        .select('standard')
        .where('email', '=', 'jane@example.com')
        .executeTakeFirstOrThrow();
      expect(JSON.parse(lead.standard)).toMatchObject({ Phone: '+1 555 0101' });
    });

    it('Remove Contact (curl and JavaScript, reconstructed)', async () => {
      const contacts = [{ Email: 'john@example.com' }];
      await t().call(t().admin, 'POST', '/api/public/contacts', { list_id: listId, remove_duplicates: true, contacts });
      const body = `{
    "list_id": "<list_id>",
    "email": "john@example.com"
}`;
      const viaCurl = succeeded<{ removed: number }>(
        await replay(curl('POST', `${ORIGIN}/api/public/contacts/remove`, body)),
      );
      expect(viaCurl.data.removed).toBe(1);
      const data = { list_id: '<list_id>', email: 'john@example.com' };
      const viaAxios = succeeded<{ removed: number }>(
        await replay(axios('post', `${ORIGIN}/api/public/contacts/remove`, data)),
      );
      expect(viaAxios.data.removed).toBe(0);
    });

    it('Get Sequences (curl and JavaScript, reconstructed)', async () => {
      const body = succeeded<{ sequence_id: string }[]>(await replay(curl('GET', `${ORIGIN}/api/public/sequences`)));
      expect(body.data.map((s) => s.sequence_id)).toContain(sequenceId);
      succeeded(await replay(axios('get', `${ORIGIN}/api/public/sequences`)));
    });

    it.each(['sent', 'opens', 'clicks', 'replies'])('Get %s (curl and JavaScript, reconstructed)', async (name) => {
      const plain = succeeded<unknown[]>(await replay(curl('GET', `${ORIGIN}/api/public/${name}`)));
      expect(plain.data).toHaveLength(1);
      const url = `${ORIGIN}/api/public/${name}?sequence_id=<sequence_id>&recipient_email_address=john@example.com`;
      expect(succeeded<unknown[]>(await replay(axios('get', url))).data).toHaveLength(1);
    });
  });

  describe('n8n node (sheksushant/salesblink-n8n-integration)', () => {
    // requestDefaults of the node, and the credential's generic header.
    const n8nHeaders = {
      Accept: 'application/json',
      'Content-Type': 'application/json',
      authorization: KEY_PLACEHOLDER,
    };

    it('Add Contacts to List: contacts with custom fields merged in, remove_duplicates defaulting to true', async () => {
      const customFields = { 'Lead Source': 'n8n', Campaign: 'Spring' };
      const contacts = [
        {
          City: 'Austin',
          Company_Name: 'Example Inc',
          Country: 'US',
          Department: 'Sales',
          Email: 'nina@example.com',
          First_Name: 'Nina',
          Job_Title: 'VP Sales',
          Last_Name: 'Ng',
          Office_Phone: '+1 555 0102',
          Phone: '+1 555 0103',
          State: 'TX',
          Street: '1 Main St',
          Website: '',
        },
        { Email: 'nina@example.com', First_Name: 'Nina again' },
      ].map((contact) => ({ ...contact, ...customFields }));
      const body = JSON.stringify({ list_id: '<list_id>', remove_duplicates: true, contacts });
      const res = await replay({ method: 'POST', url: `${ORIGIN}/api/public/contacts`, headers: n8nHeaders, body });
      const data = JSON.parse(res.body.toString()) as Ok<{ added: number; duplicates: number }>;
      expect(res.statusCode).toBe(200);
      expect(data.data).toMatchObject({ added: 1, duplicates: 1 });
    });

    it.each(['opens', 'clicks', 'replies'])('Get %s with and without filters', async (name) => {
      const url = `${ORIGIN}/api/public/${name}`;
      const all = succeeded<unknown[]>(await replay({ method: 'GET', url, headers: n8nHeaders }));
      expect(all.data).toHaveLength(1);
      const qs = `?sequence_id=<sequence_id>&recipient_email_address=john%40example.com`;
      const filtered = succeeded<unknown[]>(await replay({ method: 'GET', url: url + qs, headers: n8nHeaders }));
      expect(filtered.data).toHaveLength(1);
    });
  });
});
