import type { ActivityFeed, ActivityQuery, ActivityRecord } from '@blinkpost/contract';
import { emailKey } from '../domain/email-address.js';
import { pageWindow, type PageWindow } from '../domain/paging.js';
import { parseTimeFilter } from '../domain/time-filter.js';
import type { ActivityFilter, ActivityKind, ActivityRow } from '../store/activity.repo.js';
import type { Store } from '../store/store.js';
import type { Principal } from './ports.js';

// The replies feed lists bounces too (`message: "Bounced"`): SalesBlink shows them among the replies.
const KIND_OF: Record<ActivityFeed, ActivityKind | ActivityKind[]> = {
  sent: 'sent',
  opens: 'open',
  clicks: 'click',
  replies: ['reply', 'bounce'],
};
const MESSAGE_OF = { sent: 'Sent', open: 'Opened', click: 'Clicked', reply: 'Replied', bounce: 'Bounced' } as const;

/** A stored activity row in the shape the feeds answer: only the fields its kind has. */
export function toActivityRecord(r: ActivityRow): ActivityRecord {
  const rec: ActivityRecord = {
    id: r.id,
    time: r.time,
    message: MESSAGE_OF[r.kind],
    type: 'outreach',
    sequence: r.sequenceId,
    sequence_name: r.sequenceName,
    email: r.recipientEmail,
    template_name: r.templateName,
    sequence_id: r.sequenceId,
    recipient_email_address: r.recipientEmail,
    subject: r.subject,
    step: r.step,
    sender: r.senderEmail,
    message_id: r.messageId,
  };
  if (r.kind === 'open' || r.kind === 'click') {
    rec.machine = r.machine;
    rec.machine_reason = r.machineReason;
  }
  if (r.kind === 'click') rec.url = r.url;
  if (r.kind === 'reply' || r.kind === 'bounce') {
    rec.snippet = r.snippet;
    rec.auto_reply = r.autoReply;
    rec.reply_message_id = r.replyMessageId;
  }
  if (r.kind === 'bounce' && (r.bounce === 'hard' || r.bounce === 'soft')) rec.bounce = r.bounce;
  return rec;
}

/** A feed request resolved: what to read, and one page of it or all of it. */
export interface FeedRequest {
  filter: ActivityFilter;
  window: PageWindow | undefined;
}

/** The activity feeds: sent, opens, clicks, replies. */
export class ActivityService {
  constructor(private readonly store: Store) {}

  /** Checks and resolves a feed's query; a bad time is a 400 naming the parameter. */
  resolve(p: Principal, feed: ActivityFeed, q: ActivityQuery): FeedRequest {
    const since = parseTimeFilter('since', q.since);
    const from = parseTimeFilter('from', q.from);
    const lower = since !== undefined && from !== undefined ? Math.max(since, from) : (since ?? from);
    const to = parseTimeFilter('to', q.to);
    const filter: ActivityFilter = { workspaceId: p.workspaceId, kind: KIND_OF[feed] };
    if (q.sequence_id !== undefined) filter.sequenceId = q.sequence_id;
    if (q.recipient_email_address !== undefined) filter.recipientKey = emailKey(q.recipient_email_address);
    if (lower !== undefined) filter.from = lower;
    if (to !== undefined) filter.to = to;
    if (q.human) filter.humanOnly = true;
    return { filter, window: pageWindow(q.page, q.per_page) };
  }

  /** One page of a feed. */
  async page(req: FeedRequest & { window: PageWindow }): Promise<ActivityRecord[]> {
    const rows = await this.store.activity.page(req.filter, req.window.offset, req.window.limit);
    return rows.map(toActivityRecord);
  }

  /** Every record of a feed, in batches, newest first. */
  async *all(req: FeedRequest): AsyncGenerator<ActivityRecord[]> {
    for await (const rows of this.store.activity.stream(req.filter)) yield rows.map(toActivityRecord);
  }
}
