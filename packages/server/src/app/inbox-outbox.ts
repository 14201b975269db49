import type { ForwardBody, InboxSendResult, ReplyBody } from '@blinkpost/contract';
import { AppError } from '../domain/app-error.js';
import {
  addressList,
  forwardHtml,
  forwardSubject,
  referencesFor,
  replySubject,
} from '../domain/inbox/inbox-compose.js';
import { emailKey, emailProblem } from '../domain/email-address.js';
import { invalid } from '../domain/app-error.js';
import { htmlToText } from '../domain/template-render.js';
import { newId } from '../store/ids.js';
import type { InboundMessageTable, InboxOutboundTable } from '../store/schema.js';
import type { Store } from '../store/store.js';
import type { Clock, Mailer, OutgoingMessage, Principal } from './ports.js';
import type { SenderService } from './senders.js';
import { threadKeyOf, type UnifiedInboxService } from './unified-inbox.js';

/** A `scheduled_time` up to this far ahead is sent at once (SalesBlink's default is about now + 20 s). */
export const SEND_NOW_SLACK_MS = 60_000;
/** How long a send may take before it counts as interrupted. */
export const SEND_LEASE_MS = 5 * 60_000;

const domainOf = (email: string): string => email.slice(email.lastIndexOf('@') + 1) || 'blinkpost.local';

/** What a scheduled-message pass did. */
export interface DueReport {
  sent: number;
  failed: number;
}

/**
 * Replies and forwards written in the inbox: sent from the mailbox that had the conversation,
 * threaded into it, kept with their bodies so the conversation shows them; a later `scheduled_time`
 * keeps the message until `sendDue` finds it due.
 */
export class InboxOutbox {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly inbox: UnifiedInboxService,
    private readonly senders: SenderService,
    private readonly mailer: Mailer,
  ) {}

  /** Answers the lead's reply from the original sender, `In-Reply-To` it, with the thread's References. */
  async reply(p: Principal, ref: string, body: ReplyBody): Promise<InboxSendResult> {
    const inbound = await this.inbox.resolve(p, ref);
    if (inbound.kind === 'bounce') {
      throw new AppError('conflict', 'A bounce report has no one to reply to; forward it instead');
    }
    const to = inbound.from_email || inbound.lead_email;
    const { sent, inbound: replies } = await this.store.unifiedInbox.messagesOf(threadKeyOf(inbound));
    const earlier = [
      ...sent.map((s) => ({ time: s.time, id: s.message_id })),
      ...replies.filter((r) => r.id <= inbound.id).map((r) => ({ time: Number(r.received_at), id: r.message_id })),
    ].sort((a, b) => a.time - b.time);
    const inReplyTo = inbound.message_id;
    return this.write(inbound, {
      kind: 'manual_reply',
      to,
      cc: addressList('cc', body.cc),
      bcc: addressList('bcc', body.bcc),
      subject: replySubject(inbound.subject || sent[0]?.subject || ''),
      html: body.content,
      inReplyTo,
      refs: inReplyTo
        ? referencesFor(
            earlier.map((e) => e.id),
            inReplyTo,
          )
        : earlier.map((e) => e.id),
      scheduledTime: body.scheduled_time,
    });
  }

  /** Forwards a reply (or bounce), quoted below the note, from the same sender; default recipient: the lead. */
  async forward(p: Principal, ref: string, body: ForwardBody): Promise<InboxSendResult> {
    const inbound = await this.inbox.resolve(p, ref);
    const to = emailKey(body.email ?? inbound.lead_email);
    const problem = emailProblem(to);
    if (problem) throw invalid('email', problem);
    const sender = await this.store.senders.findById(inbound.sender_id);
    const html = forwardHtml(body.content ?? '', {
      from: inbound.from_email,
      to: sender?.email ?? '',
      subject: inbound.subject,
      at: new Date(Number(inbound.received_at)),
      text: inbound.snippet,
    });
    return this.write(inbound, {
      kind: 'forward',
      to,
      cc: addressList('cc', body.cc),
      bcc: addressList('bcc', body.bcc),
      subject: forwardSubject(inbound.subject),
      html,
      inReplyTo: '',
      refs: [],
      scheduledTime: body.scheduled_time,
    });
  }

  /** Sends the scheduled messages now due; each is taken by one caller only. */
  async sendDue(limit = 50): Promise<DueReport> {
    const now = this.clock.now();
    const report = { sent: 0, failed: await this.store.unifiedInbox.failInterrupted(now) };
    const due = await this.store.unifiedInbox.claimDue(now, limit, now + SEND_LEASE_MS);
    for (const row of due) {
      const failure = await this.send(row);
      if (failure) report.failed++;
      else report.sent++;
    }
    return report;
  }

  private async write(
    inbound: InboundMessageTable,
    m: {
      kind: InboxOutboundTable['kind'];
      to: string;
      cc: string[];
      bcc: string[];
      subject: string;
      html: string;
      inReplyTo: string;
      refs: string[];
      scheduledTime: number | undefined;
    },
  ): Promise<InboxSendResult> {
    const now = this.clock.now();
    const sender = await this.store.senders.findById(inbound.sender_id);
    if (!sender) throw new AppError('conflict', 'The sender of this conversation no longer exists');
    const later = m.scheduledTime !== undefined && m.scheduledTime > now + SEND_NOW_SLACK_MS;
    const row: InboxOutboundTable = {
      id: newId(now),
      workspace_id: inbound.workspace_id,
      sequence_id: inbound.sequence_id ?? '',
      lead_id: inbound.lead_id ?? '',
      sender_id: inbound.sender_id,
      inbound_id: inbound.id,
      kind: m.kind,
      status: later ? 'scheduled' : 'sending',
      message_id: `<${newId(now)}@${domainOf(sender.email)}>`,
      in_reply_to: m.inReplyTo,
      refs: JSON.stringify(m.refs),
      to_email: m.to,
      cc: m.cc.join(', '),
      bcc: m.bcc.join(', '),
      subject: m.subject,
      html: m.html,
      text_body: htmlToText(m.html),
      scheduled_at: later ? m.scheduledTime! : now,
      sent_at: null,
      lease_until: later ? null : now + SEND_LEASE_MS,
      last_error: '',
      created_at: now,
    };
    await this.store.unifiedInbox.addOutbound(row);
    if (!later) {
      const failure = await this.send(row);
      if (failure) throw new AppError('conflict', `The sender's mail server did not take the message: ${failure}`);
    }
    return {
      id: row.id,
      messageId: row.message_id,
      status: later ? 'scheduled' : 'sent',
      to: row.to_email,
      subject: row.subject,
      scheduled_time: Number(row.scheduled_at),
    };
  }

  /** Sends one stored message and records the outcome; answers the failure's words, or undefined when sent. */
  private async send(row: InboxOutboundTable): Promise<string | undefined> {
    const found = await this.senders.accounts(row.sender_id);
    let failure: string | undefined;
    if (!found) failure = 'the sender no longer exists';
    else {
      const s = found.sender;
      const refs = JSON.parse(row.refs) as string[];
      const split = (v: string) => (v === '' ? [] : v.split(', '));
      const message: OutgoingMessage = {
        from: { name: s.fromName, address: s.email },
        to: row.to_email,
        ...(s.replyTo ? { replyTo: s.replyTo } : {}),
        ...(row.cc ? { cc: split(row.cc) } : {}),
        ...(row.bcc ? { bcc: split(row.bcc) } : {}),
        subject: row.subject,
        html: row.html,
        text: row.text_body,
        messageId: row.message_id,
        date: this.clock.now(),
        ...(row.in_reply_to ? { inReplyTo: row.in_reply_to } : {}),
        ...(refs.length > 0 ? { references: refs } : {}),
      };
      const outcome = await this.mailer.send(found.smtp, message);
      if (!outcome.ok) failure = `${outcome.code ?? ''} ${outcome.response}`.trim();
    }
    await this.store.unifiedInbox.settleOutbound(row.id, {
      status: failure ? 'failed' : 'sent',
      at: this.clock.now(),
      ...(failure ? { error: failure } : {}),
    });
    return failure;
  }
}
