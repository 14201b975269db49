import type { CreateSequenceBody } from '@blinkpost/contract';
import { BlinkpostClient } from '@blinkpost/sdk';
import { SENDING_SETTINGS, type Driver } from './workflow.js';

// The workflow through @blinkpost/sdk, as an integration written in TypeScript would do it.

/** A driver that uses a `BlinkpostClient` of `baseUrl` with `key`. */
export function sdkDriver(baseUrl: string, key: string): Driver {
  const client = new BlinkpostClient({ baseUrl, apiKey: key });
  return {
    createList: async (name) => (await client.createList({ name })).id,
    importLeads: async (listId, contacts) =>
      (await client.addContacts({ list_id: listId, contacts, remove_duplicates: true })).added,
    createTemplate: async (t) =>
      (await client.templates.create({ name: t.name, subject_line: t.subject, content: t.content })).id,
    createSender: async (s) =>
      (
        await client.senders.create({
          from_email: s.email,
          from_name: s.name,
          smtp_host: s.host,
          smtp_port: s.port,
          user_name: s.user,
          password: s.password,
        })
      ).id,
    createSequence: async (s) =>
      (
        await client.sequences.create({
          name: s.name,
          senders: s.senderId,
          lists: [s.listId],
          steps: [{ type: 'email' as const, template_id: s.templateId }],
          // the day names are the ones the type lists; WORKDAYS builds them from strings
          ...(SENDING_SETTINGS as Partial<CreateSequenceBody>),
        })
      ).id,
    start: async (id) => (await client.sequences.setStatus(id, 'ACTIVE')).status,
    feed: async (kind, sequenceId) => {
      const emails: string[] = [];
      for await (const r of client.feeds.all(kind, { sequence_id: sequenceId, per_page: 1 })) emails.push(r.email);
      return emails;
    },
    overall: () => client.analytics.overall(),
    inbox: async () => (await client.inbox.list()).result.map((r) => ({ email: r.email, messageId: r.messageId })),
    reply: async (messageId, html) => (await client.inbox.reply(messageId, { content: html })).status,
  };
}
