import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { useTestServer, type TestServer } from '../support/test-server.js';
import { ALL_HOURS } from './outreach.js';

const V1 = '/api/public/v1.0.0';
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 150);

// Any JSON at all, strings of any code points (NUL and lone surrogates included).
const anyJson = fc.oneof(
  fc.jsonValue({ maxDepth: 3, stringUnit: 'binary' }),
  fc.jsonValue({ maxDepth: 3 }),
  fc.object({ maxDepth: 2 }),
);
const anyValue = fc.oneof(anyJson, fc.string({ unit: 'binary' }), fc.integer(), fc.double(), fc.boolean());

/** `base`, a valid body, with up to three of `fields` replaced by a plausible value, anything, or nothing. */
function mutated(
  base: Record<string, unknown>,
  fields: Record<string, fc.Arbitrary<unknown>>,
): fc.Arbitrary<Record<string, unknown>> {
  const change = (k: string) =>
    fc.oneof({ weight: 3, arbitrary: fields[k]! }, anyValue, fc.constant(undefined)).map((v) => [k, v] as const);
  return fc
    .subarray(Object.keys(fields), { maxLength: 3 })
    .chain((keys) => fc.tuple(...keys.map(change)))
    .map((changes) => {
      const body = { ...base };
      for (const [k, v] of changes) {
        if (v === undefined) delete body[k];
        else body[k] = v;
      }
      return body;
    });
}

const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('', ' ', 'x'.repeat(5000)));
const int = fc.oneof(fc.integer({ min: -5, max: 2000 }), fc.constantFrom(0, 1, 1e9, -1, 2 ** 53));
const timeOfDay = fc.oneof(fc.constantFrom('00:00', '09:00', '24:00', '23:59', '9:00', '25:00'), text);

describeEachDialect('no body a client can send makes a create endpoint answer 500', (dialect) => {
  const t = useTestServer(dialect);
  let ids: { sender: string; template: string; list: string; sequence: string };

  beforeAll(async () => {
    const ts = t();
    const data = async (url: string, body: unknown) => {
      const r = await ts.call(ts.admin, 'POST', url, body);
      expect(r.statusCode, r.body).toBe(200);
      return r.json<{ data: { id: string } }>().data.id;
    };
    const sender = await data(`${V1}/senders`, {
      from_email: 'a@b.test',
      password: 'p',
      smtp_host: '127.0.0.1',
      smtp_port: 2525,
    });
    const template = await data(`${V1}/templates`, { name: 'T', subject_line: 'S', content: '<p>C</p>' });
    const list = await data(`${V1}/lists`, { name: 'L' });
    const sequence = await data(`${V1}/sequences`, {
      name: 'Seq',
      senders: sender,
      lists: [list],
      steps: [{ type: 'email', template_id: template }],
    });
    ids = { sender, template, list, sequence };
  });

  const step = () =>
    fc.oneof(
      mutated(
        { type: 'email', template_id: ids.template },
        {
          type: fc.constantFrom('email', 'delay', 'sms'),
          template_id: fc.oneof(fc.constant(ids.template), text),
          subject: text,
          content: text,
          variants: fc.array(
            mutated(
              { subject: 'A {{first_name}}', content: '<p>a</p>' },
              { template_id: text, subject: text, content: text },
            ),
            { maxLength: 3 },
          ),
        },
      ),
      mutated(
        { type: 'delay', days: 1 },
        { type: fc.constantFrom('email', 'delay'), days: int, hours: int, minutes: int },
      ),
    );
  const sequenceBody = () =>
    mutated(
      { name: 'Fuzz', senders: ids.sender, lists: [ids.list], steps: [{ type: 'email', template_id: ids.template }] },
      {
        name: text,
        senders: fc.oneof(fc.constant(ids.sender), fc.constant(`${ids.sender},${ids.sender}`), text),
        lists: fc.array(fc.oneof(fc.constant(ids.list), text), { maxLength: 3 }),
        steps: fc.array(step(), { maxLength: 4 }),
        timezone: fc.oneof(fc.constantFrom('UTC', 'Europe/Paris', 'Mars/Olympus'), text),
        emailSendingHours: fc.oneof(
          fc.constant(ALL_HOURS),
          fc.array(
            mutated(ALL_HOURS[0]!, { name: text, enabled: fc.boolean(), fromTime: timeOfDay, toTime: timeOfDay }),
            { maxLength: 8 },
          ),
        ),
        delayEnabled: fc.boolean(),
        delayFrom: int,
        delayTo: int,
        paused: fc.boolean(),
        launchTimingMode: fc.constantFrom('now', 'schedule', 'later'),
        scheduledAt: fc.oneof(int, text, fc.constant('2026-03-02T10:00:00Z')),
        bcc: text,
        stopWhenReplyRecievedWhen: fc.constantFrom('contact', 'contact-with-same-domain', 'x'),
      },
    );
  // A fresh address each time: a second sender with one address is a 409, as it should be.
  const senderBody = () =>
    fc.nat().chain((n) =>
      mutated(
        { from_email: `fuzz${n}@b.test`, password: 'p', smtp_host: '127.0.0.1', smtp_port: 2525 },
        {
          from_email: fc.oneof(fc.emailAddress(), text),
          password: text,
          smtp_host: text,
          smtp_port: fc.oneof(int, text),
          imap_host: text,
          imap_port: fc.oneof(int, text),
          max_emails_per_day: int,
          min_gap_minutes: int,
          timezone: fc.oneof(fc.constantFrom('UTC', 'Asia/Tokyo', 'Nowhere/Else'), text),
          dkim_selector: text,
          dkim_private_key: fc.oneof(
            text,
            fc.constant('-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----'),
          ),
          tracking_domain: text,
          custom_tracking_url: text,
          paused: fc.boolean(),
          reply_to_email: text,
        },
      ),
    );
  const templateBody = () =>
    mutated(
      { name: 'Fuzz', subject_line: 'Hi {{first_name}}', content: '<p>Hello</p>' },
      {
        name: text,
        subject_line: fc.oneof(text, fc.constantFrom('{{ first_name', '{% if %}', '{Hi|Hello', '{{ x | default: }}')),
        content: fc.oneof(text, fc.constantFrom('{% for x in y %}', '<p>{{ a.b.c }}</p>', '{{ "x" | nope }}')),
        folder: text,
        starred: fc.boolean(),
      },
    );

  /** Sends every generated body (as JSON, and a share as raw text) and fails on any 5xx. */
  async function neverFails(ts: TestServer, method: string, url: string, body: fc.Arbitrary<unknown>) {
    const statuses = new Map<number, number>();
    const raw = fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom('{', '{"a":', 'null', '[]', '"x"', '1e999'));
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 4, arbitrary: body.map((b) => JSON.stringify(b)) }, raw), async (payload) => {
        const r = await ts.app.inject({
          method: method as 'POST',
          url,
          headers: { authorization: ts.admin.key, 'content-type': 'application/json' },
          payload,
        });
        expect(r.statusCode, `${method} ${url} ${payload}\n→ ${r.body}`).toBeLessThan(500);
        statuses.set(r.statusCode, (statuses.get(r.statusCode) ?? 0) + 1);
      }),
      { numRuns: RUNS },
    );
    // A fuzz that only ever hits the schema's 400 proves little: part of the bodies must get through.
    expect(statuses.get(200) ?? 0, `${method} ${url}: ${JSON.stringify([...statuses])}`).toBeGreaterThan(0);
    if (process.env['FAULT_DEBUG']) console.info(method, url, JSON.stringify([...statuses]));
  }

  it('POST and PATCH /sequences', async () => {
    const ts = t();
    const body = fc.oneof(sequenceBody(), anyJson);
    await neverFails(ts, 'POST', `${V1}/sequences`, body);
    await neverFails(ts, 'PATCH', `${V1}/sequences/${ids.sequence}`, body);
  });

  it('POST and PATCH /senders', async () => {
    const ts = t();
    const body = fc.oneof(senderBody(), anyJson);
    await neverFails(ts, 'POST', `${V1}/senders`, body);
    await neverFails(ts, 'PATCH', `${V1}/senders/${ids.sender}`, body);
  });

  it('POST and PATCH /templates', async () => {
    const ts = t();
    const body = fc.oneof(templateBody(), anyJson);
    await neverFails(ts, 'POST', `${V1}/templates`, body);
    await neverFails(ts, 'PATCH', `${V1}/templates/${ids.template}`, body);
  });
});
