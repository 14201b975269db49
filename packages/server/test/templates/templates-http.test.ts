import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { useTestServer, type TestKey, type TestServer } from '../support/test-server.js';

const V1 = '/api/public/v1.0.0';

interface TemplateView {
  id: string;
  name: string;
  subject_line: string;
  content: string;
  owned_by: string;
  starred: boolean;
  archived: boolean;
  folder: string;
  created_at: string;
  last_modified: string;
  cold_email_score: { score: number; rating: string; details: Record<string, number> };
}

interface PreviewView {
  template_id: string;
  lead_id: string;
  sendable: boolean;
  missing: string[];
  problem?: string;
  subject: string;
  html: string;
  text: string;
}

interface Envelope<T> {
  success: boolean;
  message?: string;
  data: T;
  count?: number;
  limit?: number;
  skip?: number;
  error?: { code: string; details?: { field?: string } };
}

function ok<T>(res: LightMyRequestResponse): Envelope<T> {
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  const body = res.json<Envelope<T>>();
  expect(body.success).toBe(true);
  return body;
}

function failed(res: LightMyRequestResponse, status: number, code: string): Envelope<unknown> & { message: string } {
  expect(res.statusCode, res.body).toBe(status);
  const body = res.json<Envelope<unknown> & { message: string }>();
  expect(body).toMatchObject({ success: false, error: { code } });
  return body;
}

/** A general folder of the key's workspace (templates may only be filed in one). */
const folderOf = async (t: TestServer, key: TestKey, name: string): Promise<string> =>
  ok<{ id: string }>(await t.call(key, 'POST', `${V1}/folders`, { name })).data.id;

const create = async (t: TestServer, key: TestKey, body: Record<string, unknown> = {}): Promise<TemplateView> =>
  ok<TemplateView>(
    await t.call(key, 'POST', `${V1}/templates`, {
      name: 'Intro',
      subject_line: 'Quick question, {{ first_name }}',
      content: '<p>Hi {{ first_name | default: "there" }}</p>',
      ...body,
    }),
  ).data;

/** Adds one contact to a new list over the legacy API and answers the lead's id. */
async function addLead(t: TestServer, key: TestKey, contact: Record<string, unknown>): Promise<string> {
  const list = ok<{ id: string }>(await t.call(key, 'POST', `${V1}/lists`, { name: 'Leads' })).data;
  const added = ok<{ contacts: { id: string }[] }>(
    await t.call(key, 'POST', '/api/public/contacts', { list_id: list.id, contacts: [contact] }),
  );
  const lead = added.data.contacts[0];
  if (!lead) throw new Error('the contact was not added');
  return lead.id;
}

describeEachDialect('templates over HTTP', (dialect) => {
  const t = useTestServer(dialect);

  describe('POST /templates', () => {
    it('creates a template with SalesBlink’s fields, defaults and a cold-email score', async () => {
      const s = t();
      const res = await s.call(s.admin, 'POST', `${V1}/templates`, {
        name: '  Intro  ',
        subject_line: 'Quick question',
        content: '<p>Hi {{first_name}}, worth a chat?</p>',
      });
      const body = ok<TemplateView>(res);
      expect(body.message).toBe('Template created');
      expect(body.data.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
      expect(body.data).toEqual({
        id: body.data.id,
        name: 'Intro',
        subject_line: 'Quick question',
        content: '<p>Hi {{first_name}}, worth a chat?</p>',
        owned_by: 'Acme',
        starred: false,
        archived: false,
        folder: '',
        created_at: new Date(s.clock.ms).toISOString(),
        last_modified: new Date(s.clock.ms).toISOString(),
        cold_email_score: {
          score: 75,
          rating: 'good',
          details: {
            word_count: 5,
            personalization_count: 1,
            link_count: 0,
            image_count: 0,
            question_count: 1,
            spam_word_count: 0,
          },
        },
      });
    });

    it('takes folder and starred, and an empty subject for a follow-up', async () => {
      const s = t();
      const f1 = await folderOf(s, s.admin, 'f1');
      const created = await create(s, s.admin, { folder: f1, starred: true, subject_line: '' });
      expect(created).toMatchObject({ folder: f1, starred: true, subject_line: '' });
    });

    it.each<[string, Record<string, unknown>, string, string]>([
      ['a missing name', { name: undefined }, 'name', 'name is required'],
      ['a missing subject_line', { subject_line: undefined }, 'subject_line', 'subject_line is required'],
      ['a missing content', { content: undefined }, 'content', 'content is required'],
      ['an empty content', { content: '' }, 'content', 'content must not be empty'],
      ['a blank name', { name: '   ' }, 'name', 'name must not be blank'],
      ['an object name', { name: {} }, 'name', 'name must be a string'],
      ['a string starred', { starred: 'yes' }, 'starred', 'starred must be a boolean'],
      ['an array folder', { folder: ['a', 'b'] }, 'folder', 'folder must be a string'],
    ])('answers 400 naming the field for %s', async (_name, change, field, message) => {
      const s = t();
      const body = { name: 'N', subject_line: 'S', content: 'C', ...change };
      const res = failed(await s.call(s.admin, 'POST', `${V1}/templates`, body), 400, 'invalid_request');
      expect(res.message).toBe(message);
      expect(res.error?.details?.field).toBe(field);
    });

    it.each([
      [
        'content',
        { content: '{{ first_name | defualt: "x" }}' },
        /^content is not a valid template: undefined filter: defualt/,
      ],
      ['content', { content: '{% include "secrets" %}' }, /^content is not a valid template: tag "include" not found/],
      ['subject_line', { subject_line: 'Hi {% if x %}' }, /^subject_line is not a valid template: .*not closed/],
    ])('answers 400 naming %s when its Liquid does not parse', async (field, change, message) => {
      const s = t();
      const body = { name: 'N', subject_line: 'S', content: 'C', ...change };
      const res = failed(await s.call(s.admin, 'POST', `${V1}/templates`, body), 400, 'invalid_request');
      expect(res.message).toMatch(message);
      expect(res.error?.details?.field).toBe(field);
    });
  });

  describe('GET /templates', () => {
    it('lists the workspace’s templates latest first, searches, filters and pages', async () => {
      const s = t();
      const key = await s.key('Lister');
      const a = await create(s, key, { name: 'Alpha 50%', subject_line: 'about pricing' });
      s.clock.advance(1000);
      const followUps = await folderOf(s, key, 'follow-ups');
      const b = await create(s, key, { name: 'Beta', folder: followUps });
      s.clock.advance(1000);
      const c = await create(s, key, { name: 'Gamma', subject_line: 'Pricing for {{company}}' });
      await s.call(key, 'PUT', `${V1}/templates/${b.id}/archive`, { archived: true });

      const all = ok<TemplateView[]>(await s.call(key, 'GET', `${V1}/templates`));
      expect(all.data.map((x) => x.id)).toEqual([c.id, b.id, a.id]);
      expect(all.count).toBe(3);
      expect(all.data[0]?.cold_email_score.details).toBeDefined();

      const names = async (query: string) =>
        ok<TemplateView[]>(await s.call(key, 'GET', `${V1}/templates?${query}`)).data.map((x) => x.name);
      expect(await names('search=PRICING')).toEqual(['Gamma', 'Alpha 50%']);
      expect(await names('search=50%25')).toEqual(['Alpha 50%']);
      expect(await names('search=5_')).toEqual([]);
      expect(await names(`folder=${followUps}`)).toEqual(['Beta']);
      expect(await names('folder=')).toEqual(['Gamma', 'Alpha 50%']);
      expect(await names('archived=true')).toEqual(['Beta']);
      expect(await names('archived=false')).toEqual(['Gamma', 'Alpha 50%']);

      const page = ok<TemplateView[]>(await s.call(key, 'GET', `${V1}/templates?limit=1&skip=1`));
      expect(page).toMatchObject({ count: 1, limit: 1, skip: 1, data: [{ id: b.id }] });
      expect(page.message).toBeUndefined();
      const clamped = ok<TemplateView[]>(await s.call(key, 'GET', `${V1}/templates?limit=500`));
      expect(clamped).toMatchObject({ message: 'limit was clamped to 100', limit: 100, skip: 0, count: 3 });
    });

    it.each([
      ['limit=0', 'limit'],
      ['limit=ten', 'limit'],
      ['skip=-1', 'skip'],
      ['archived=maybe', 'archived'],
    ])('answers 400 naming the parameter for %s', async (query, field) => {
      const s = t();
      const res = failed(await s.call(s.admin, 'GET', `${V1}/templates?${query}`), 400, 'invalid_request');
      expect(res.message).toMatch(new RegExp(`^${field} `));
    });

    it('is served under v1 only', async () => {
      const s = t();
      failed(await s.call(s.admin, 'GET', '/api/public/templates'), 404, 'not_found');
      failed(await s.call(s.admin, 'POST', '/api/public/templates', { name: 'x' }), 404, 'not_found');
    });

    it('asks for a key', async () => {
      const s = t();
      failed(await s.call(undefined, 'GET', `${V1}/templates`), 401, 'unauthorized');
    });
  });

  describe('GET and PATCH /templates/:id', () => {
    it('reads one template', async () => {
      const s = t();
      const created = await create(s, s.admin);
      expect(ok<TemplateView>(await s.call(s.admin, 'GET', `${V1}/templates/${created.id}`)).data).toEqual(created);
    });

    it('changes only the fields given, and moves last_modified', async () => {
      const s = t();
      const created = await create(s, s.admin, { folder: await folderOf(s, s.admin, 'f1'), starred: true });
      s.clock.advance(60_000);
      const res = await s.call(s.admin, 'PATCH', `${V1}/templates/${created.id}`, { name: 'Renamed' });
      const body = ok<TemplateView>(res);
      expect(body.message).toBe('Template updated');
      expect(body.data).toEqual({
        ...created,
        name: 'Renamed',
        last_modified: new Date(s.clock.ms).toISOString(),
      });
      const again = ok<TemplateView>(await s.call(s.admin, 'GET', `${V1}/templates/${created.id}`)).data;
      expect(again).toEqual(body.data);
    });

    it('unfiles with folder "", and rescores new content', async () => {
      const s = t();
      const created = await create(s, s.admin, { folder: await folderOf(s, s.admin, 'f1') });
      const changed = ok<TemplateView>(
        await s.call(s.admin, 'PATCH', `${V1}/templates/${created.id}`, {
          folder: '',
          starred: true,
          subject_line: 'New {{ company }}',
          content: '<a href="https://a.test">a</a><a href="https://b.test">b</a>',
        }),
      ).data;
      expect(changed).toMatchObject({ folder: '', starred: true, subject_line: 'New {{ company }}' });
      expect(changed.cold_email_score.details).toMatchObject({ link_count: 2, personalization_count: 1 });
    });

    it('answers an empty body with the template unchanged', async () => {
      const s = t();
      const created = await create(s, s.admin);
      s.clock.advance(1000);
      expect(ok<TemplateView>(await s.call(s.admin, 'PATCH', `${V1}/templates/${created.id}`, {})).data).toEqual(
        created,
      );
    });

    it.each<[Record<string, unknown>, string, RegExp]>([
      [{ name: '' }, 'name', /^name must not be empty$/],
      [{ name: ' ' }, 'name', /^name must not be blank$/],
      [{ starred: 'sometimes' }, 'starred', /^starred must be a boolean$/],
      [{ content: '{% if %}' }, 'content', /^content is not a valid template/],
    ])('answers 400 for %j and keeps the template', async (change, field, message) => {
      const s = t();
      const created = await create(s, s.admin);
      const res = failed(
        await s.call(s.admin, 'PATCH', `${V1}/templates/${created.id}`, change),
        400,
        'invalid_request',
      );
      expect(res.message).toMatch(message);
      expect(res.error?.details?.field).toBe(field);
      expect(ok<TemplateView>(await s.call(s.admin, 'GET', `${V1}/templates/${created.id}`)).data).toEqual(created);
    });
  });

  describe('PUT /templates/:id/archive', () => {
    it('archives and restores', async () => {
      const s = t();
      const created = await create(s, s.admin);
      const archived = ok<TemplateView>(
        await s.call(s.admin, 'PUT', `${V1}/templates/${created.id}/archive`, { archived: true }),
      );
      expect(archived).toMatchObject({ message: 'Template archived', data: { id: created.id, archived: true } });
      const read = ok<TemplateView>(await s.call(s.admin, 'GET', `${V1}/templates/${created.id}`)).data;
      expect(read.archived).toBe(true);
      const restored = ok<TemplateView>(
        await s.call(s.admin, 'PUT', `${V1}/templates/${created.id}/archive`, { archived: false }),
      );
      expect(restored).toMatchObject({ message: 'Template restored', data: { archived: false } });
    });

    it.each([
      [{}, 'archived is required'],
      [{ archived: 'yes' }, 'archived must be a boolean'],
    ])('answers 400 for %j', async (body, message) => {
      const s = t();
      const created = await create(s, s.admin);
      const res = failed(
        await s.call(s.admin, 'PUT', `${V1}/templates/${created.id}/archive`, body),
        400,
        'invalid_request',
      );
      expect(res.message).toBe(message);
    });
  });

  describe('another workspace’s templates are not there', () => {
    it('answers 404 for an unknown id and another workspace’s id alike, and changes nothing', async () => {
      const s = t();
      const theirs = await create(s, await s.key('Other Co'), { name: 'Theirs' });
      const lead = await addLead(s, s.admin, { Email: 'ann@example.com' });
      for (const id of [theirs.id, '0190c5d2-0000-7000-8000-000000000000']) {
        const calls: [string, string, unknown][] = [
          ['GET', `${V1}/templates/${id}`, undefined],
          ['PATCH', `${V1}/templates/${id}`, { name: 'Mine now' }],
          ['PUT', `${V1}/templates/${id}/archive`, { archived: true }],
          ['POST', `${V1}/templates/${id}/preview`, { lead_id: lead }],
        ];
        for (const [method, url, body] of calls) {
          const res = failed(await s.call(s.admin, method, url, body), 404, 'not_found');
          expect(res.message).toBe(`template ${JSON.stringify(id)} was not found`);
        }
      }
      const mine = ok<TemplateView[]>(await s.call(s.admin, 'GET', `${V1}/templates?search=Theirs`));
      expect(mine.data).toEqual([]);
      const other = await s.key('Other Co');
      const still = ok<TemplateView>(await s.call(other, 'GET', `${V1}/templates/${theirs.id}`)).data;
      expect(still).toMatchObject({ name: 'Theirs', archived: false });
    });
  });

  describe('POST /templates/:id/preview', () => {
    it('renders for a lead added with POST /contacts, custom fields and spintax included', async () => {
      const s = t();
      const template = await create(s, s.admin, {
        subject_line: '{Quick|Short} question for {{ Company_Name }}',
        content:
          '<p>{Hi|Hello} {{ first_name }},</p><p>Your score: {{ Lead_Score }} ({{ lead_score }}). ' +
          '{{ city | default: "Your city" }} awaits.</p><p><a href="{{ unsubscribe_link }}">unsubscribe</a></p>',
      });
      const leadId = await addLead(s, s.admin, {
        Email: 'ann@example.com',
        First_Name: '<b>Ann</b>',
        Company: 'Acme & Sons',
        Lead_Score: 87,
      });
      const res = ok<PreviewView>(
        await s.call(s.admin, 'POST', `${V1}/templates/${template.id}/preview`, { lead_id: leadId }),
      );
      expect(res.message).toBeUndefined();
      const p = res.data;
      expect(p).toMatchObject({ template_id: template.id, lead_id: leadId, sendable: true, missing: [] });
      expect(p.problem).toBeUndefined();
      expect(p.subject).toMatch(/^(Quick|Short) question for Acme & Sons$/);
      expect(p.html).toMatch(/^<p>(Hi|Hello) &lt;b&gt;Ann&lt;\/b&gt;,<\/p>/);
      expect(p.html).toContain('Your score: 87 (87). Your city awaits.');
      expect(p.html).toContain('href="https://unsubscribe.invalid/preview"');
      expect(p.text).toMatch(/^(Hi|Hello) <b>Ann<\/b>,\n\nYour score: 87 \(87\)\. Your city awaits\./);

      const again = ok<PreviewView>(
        await s.call(s.admin, 'POST', `${V1}/templates/${template.id}/preview`, { lead_id: leadId }),
      );
      expect(again.data).toEqual(p);
    });

    it('reports the variables the lead lacks, as the engine would hold the send', async () => {
      const s = t();
      const template = await create(s, s.admin, {
        subject_line: 'For {{ company }}',
        content: '<p>Hi {{ first_name }}, {{ Lead_Score }}</p>',
      });
      const leadId = await addLead(s, s.admin, { Email: 'bob@example.com', First_Name: '' });
      const res = ok<PreviewView>(
        await s.call(s.admin, 'POST', `${V1}/templates/${template.id}/preview`, { lead_id: leadId }),
      );
      const problem = 'the lead has no value for company, first_name, Lead_Score and the template gives no default';
      expect(res.message).toBe(`Not sendable: ${problem}`);
      expect(res.data).toEqual({
        template_id: template.id,
        lead_id: leadId,
        sendable: false,
        missing: ['company', 'first_name', 'Lead_Score'],
        problem,
        subject: 'For {{company}}',
        html: '<p>Hi {{first_name}}, {{Lead_Score}}</p>',
        text: 'Hi {{first_name}}, {{Lead_Score}}',
      });
    });

    it('answers 404 for an unknown lead and another workspace’s lead', async () => {
      const s = t();
      const template = await create(s, s.admin);
      const theirLead = await addLead(s, await s.key('Lead Owner'), { Email: 'cat@example.com', First_Name: 'Cat' });
      for (const id of [theirLead, 'no-such-lead']) {
        const res = failed(
          await s.call(s.admin, 'POST', `${V1}/templates/${template.id}/preview`, { lead_id: id }),
          404,
          'not_found',
        );
        expect(res.message).toBe(`lead ${JSON.stringify(id)} was not found`);
      }
    });

    it.each([
      [{}, 'lead_id is required'],
      [{ lead_id: '' }, 'lead_id must not be empty'],
      [{ lead_id: { id: 'x' } }, 'lead_id must be a string'],
    ])('answers 400 for %j', async (body, message) => {
      const s = t();
      const template = await create(s, s.admin);
      const res = failed(
        await s.call(s.admin, 'POST', `${V1}/templates/${template.id}/preview`, body),
        400,
        'invalid_request',
      );
      expect(res.message).toBe(message);
    });
  });
});
