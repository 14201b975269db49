import { expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { useCompatSeed } from './compat-fixture.js';
import { expectAnswer } from './salesblink-client.js';
import { envelope, errorBody, okMessage, sender, someData } from './salesblink-shapes.js';
import { anything, arrayOf, count, either, obj, optional, str } from './shape.js';

// v1-reference §4.5 (senders) and §4.6 (blocklist), called as the SalesBlink CLI calls them; the
// §4.5 routes of features Blinkpost does not have answer 501 naming the feature.

const ID = '3f2b8c1e-0000-4000-8000-000000000001';

describeEachDialect('SalesBlink compatibility: senders and the blocklist (§4.5, §4.6)', (dialect) => {
  const seed = useCompatSeed(dialect);

  it('GET /senders with the CLI’s parameters answers typed senders, flat or grouped by folder', async () => {
    const { call, senderId } = seed();
    const grouped = arrayOf(obj({ folder: anything, senders: arrayOf(sender) }));
    const q = { limit: 10, skip: 0, search: 'ann', folder: '', filter: 'all', owned_by: 'Acme' };
    const body = expectAnswer<{ data: { id: string; email: string }[] }>(
      await call('GET', '/senders', { query: q }),
      200,
      envelope(either(arrayOf(sender), grouped)),
    );
    expect(body.data.map((s) => s.id)).toEqual([senderId]);
  });

  it('POST /senders takes the skill’s fields and the CLI’s camelCase aliases', async () => {
    const { call, senderFolderId } = seed();
    const skill = {
      from_email: 'bo@sender.test',
      password: 'pw',
      smtp_host: 'smtp.sender.test',
      smtp_port: 587,
      from_name: 'Bo',
      imap_host: 'imap.sender.test',
      imap_port: '993',
      imap_user_name: 'bo',
      imap_password: 'pw2',
      total_warmup_per_day: 5,
      warmup_enabled: false,
      max_emails_per_day: 40,
      reply_to_email: 'replies@sender.test',
      folder: senderFolderId,
    };
    const made = expectAnswer<{ data: { email: string; senderName: string } }>(
      await call('POST', '/senders', { body: skill }),
      200,
      envelope(sender),
    );
    expect(made.data).toMatchObject({ email: 'bo@sender.test', senderName: 'Bo' });
    const cli = { email: 'cy@sender.test', senderName: 'Cy', smtpHost: 'smtp.sender.test', smtpPort: '465' };
    const camel = await call('POST', '/senders', { body: { ...cli, smtp_username: 'cy', smtp_password: 'pw' } });
    expect(expectAnswer<{ data: { senderName: string } }>(camel, 200, envelope(sender)).data.senderName).toBe('Cy');
  });

  it('PATCH /senders/:id answers SalesBlink’s sentence and the sender', async () => {
    const { call, senderId } = seed();
    const body = { max_daily_frequency: 40, warmup_enabled: false, reply_to: 'ann+replies@sender.test', signature: '' };
    const res = expectAnswer<{ message: string }>(
      await call('PATCH', `/senders/${senderId}`, { body }),
      200,
      envelope(sender),
    );
    expect(res.message).toMatch(/^Sender settings updated successfully/);
  });

  it.each([
    ['POST', '/senders/bulk', 'bulk_senders'],
    ['POST', `/senders/${ID}/reconnect`, 'sender_reconnect'],
    ['GET', `/senders/${ID}/health`, 'sender_health'],
    ['GET', `/senders/${ID}/warmup-stats?days=30`, 'warmup'],
    ['POST', `/senders/${ID}/fetch-messages?skip=0`, 'fetch_messages'],
    ['POST', '/senders/multi/fetch-messages', 'fetch_messages'],
    ['GET', '/warmup-links', 'warmup'],
    ['POST', '/oauth/google', 'oauth_mailboxes'],
    ['POST', '/oauth/outlook', 'oauth_mailboxes'],
  ])('%s %s answers 501 naming the feature (%s)', async (method, path, feature) => {
    const body = path.includes('multi') ? { ids: [ID] } : undefined;
    const res = await seed().call(method, path, body === undefined ? {} : { body });
    const answer = expectAnswer<{ message: string; error: { details: { feature: string } } }>(res, 501, errorBody);
    expect(answer.error.details.feature).toBe(feature);
    expect(answer.message).toMatch(/ not part of Blinkpost: /);
  });

  it('the blocklist: POST, GET with its filters, check, remove, DELETE one and DELETE all', async () => {
    const { call } = seed();
    const added = await call('POST', '/unsubscribe', { body: { emails: ['no@thanks.test', 'spam.test'] } });
    expectAnswer(added, 200, someData);
    const tolerated = await call('POST', '/unsubscribe', { body: { email: 'solo@thanks.test' } });
    expectAnswer(tolerated, 200, someData);
    const entry = obj({ id: str, email: optional(str) });
    const q = { limit: 50, skip: 0, search: 'thanks', type: 'email' };
    const listed = expectAnswer<{ data: { id: string }[]; total: number }>(
      await call('GET', '/unsubscribe', { query: q }),
      200,
      envelope(arrayOf(entry), { total: count }),
    );
    expect(listed.total).toBe(2);
    const domains = await call('GET', '/unsubscribe', { query: { type: 'domain' } });
    expect(expectAnswer<{ data: unknown[] }>(domains, 200, envelope(arrayOf(entry))).data).toHaveLength(1);
    const check = await call('GET', '/unsubscribe/check', { query: { email: 'anyone@spam.test' } });
    expect(JSON.stringify(expectAnswer(check, 200, someData))).toContain('true');
    expectAnswer(await call('DELETE', `/unsubscribe/${listed.data[0]?.id}`), 200, okMessage);
    const both = { emails: ['solo@thanks.test', 'no@thanks.test'] };
    expectAnswer(await call('POST', '/unsubscribe/remove', { body: both }), 200, someData);
    const none = await call('GET', '/unsubscribe', { query: { type: 'email' } });
    expect(expectAnswer<{ data: unknown[] }>(none, 200, envelope(arrayOf(entry))).data).toEqual([]);
    expectAnswer(await call('DELETE', '/unsubscribe'), 200, okMessage);
    const empty = await call('GET', '/unsubscribe');
    expect(expectAnswer<{ data: unknown[] }>(empty, 200, envelope(arrayOf(entry))).data).toEqual([]);
  });
});
