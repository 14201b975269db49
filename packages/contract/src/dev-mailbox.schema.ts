import { Type, type Static } from '@sinclair/typebox';
import { OffsetPaging } from './paging.js';

/** `GET /api/dev-mailbox`: whether the server runs with `--dev-mailbox`, and its demo sender in the caller's workspace. */
export const DevMailboxStatus = Type.Object({
  enabled: Type.Boolean(),
  sender_id: Type.Union([Type.String(), Type.Null()], {
    description: 'the "Dev mailbox" sender of this workspace; null when off or when this workspace has none',
  }),
  smtp_host: Type.Union([Type.String(), Type.Null()], { description: 'where the sink listens; null when off' }),
  smtp_port: Type.Union([Type.Integer(), Type.Null()], { description: 'changes at every start; null when off' }),
});
export type DevMailboxStatus = Static<typeof DevMailboxStatus>;

/** A message the dev mailbox caught. */
export const DevMailboxMessage = Type.Object({
  id: Type.String(),
  received_at: Type.String({ description: 'ISO 8601' }),
  from: Type.String({ description: 'the From header as written' }),
  to: Type.String({ description: 'the To header as written' }),
  subject: Type.String(),
  text: Type.String(),
  html: Type.String({ description: "'' for a text-only message" }),
  message_id: Type.String({ description: 'the Message-ID header, angle brackets kept' }),
});
export type DevMailboxMessage = Static<typeof DevMailboxMessage>;

/** Query of `GET /api/dev-mailbox/messages`. */
export const DevMailboxMessagesQuery = Type.Object({ ...OffsetPaging });
export type DevMailboxMessagesQuery = Static<typeof DevMailboxMessagesQuery>;

/** A page of caught messages, newest first; `total` counts every message this workspace can see. */
export const DevMailboxMessagePage = Type.Object({
  data: Type.Array(DevMailboxMessage),
  total: Type.Integer(),
  limit: Type.Integer(),
  skip: Type.Integer(),
});
export type DevMailboxMessagePage = Static<typeof DevMailboxMessagePage>;
