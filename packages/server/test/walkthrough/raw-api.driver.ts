import { expect } from 'vitest';
import { SENDING_SETTINGS, type Driver } from './workflow.js';

// The workflow through the raw v1 API with fetch, as a script written from the SalesBlink docs would call
// it: the raw key in Authorization, JSON bodies, the documented field names.

/** A driver that calls `baseUrl` (ending in /api/public/v1.0.0) with `key`. */
export function rawApiDriver(baseUrl: string, key: string): Driver {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: key, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    expect(res.status, `${method} ${path}: ${text}`).toBe(200);
    const envelope = JSON.parse(text) as { success: boolean; data: T };
    expect(envelope.success).toBe(true);
    return envelope.data;
  };
  return {
    createList: async (name) => (await call<{ id: string }>('POST', '/lists', { name })).id,
    importLeads: async (listId, contacts) =>
      (await call<{ added: number }>('POST', '/contacts', { list_id: listId, contacts, remove_duplicates: true }))
        .added,
    createTemplate: async (t) =>
      (await call<{ id: string }>('POST', '/templates', { name: t.name, subject_line: t.subject, content: t.content }))
        .id,
    createSender: async (s) =>
      (
        await call<{ id: string }>('POST', '/senders', {
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
        await call<{ id: string }>('POST', '/sequences', {
          name: s.name,
          senders: s.senderId,
          lists: [s.listId],
          steps: [{ type: 'email', template_id: s.templateId }],
          ...SENDING_SETTINGS,
        })
      ).id,
    start: async (id) =>
      (await call<{ status: string }>('POST', `/sequences/${id}/status`, { status: 'ACTIVE' })).status,
    feed: async (kind, sequenceId) => {
      const emails: string[] = [];
      for (let page = 1; ; page++) {
        const records = await call<{ email: string }[]>(
          'GET',
          `/${kind}?sequence_id=${sequenceId}&per_page=1&page=${page}`,
        );
        if (records.length === 0) return emails;
        emails.push(...records.map((r) => r.email));
      }
    },
    overall: () => call<{ sent: number; replies: number }>('GET', '/analytics/overall'),
    inbox: async () =>
      (await call<{ result: { email: string; messageId: string }[] }>('GET', '/inbox')).result.map((r) => ({
        email: r.email,
        messageId: r.messageId,
      })),
    reply: async (messageId, html) =>
      (await call<{ status: string }>('POST', `/inbox/${encodeURIComponent(messageId)}/reply`, { content: html }))
        .status,
  };
}
