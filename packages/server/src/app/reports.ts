import { MAX_REPORT_PAGE, type ActivityRecord, type ReportMessage, type ReportsQuery } from '@blinkpost/contract';
import { notFound } from '../domain/app-error.js';
import { emailKey } from '../domain/email-address.js';
import type { ActivityFilter, ActivityKind } from '../store/activity.repo.js';
import type { Store } from '../store/store.js';
import { toActivityRecord } from './activity.js';
import { senderAddress, timeRangeOf } from './analytics.js';
import type { Principal } from './ports.js';
import type { SequenceService } from './sequences.js';

const KIND_OF: Record<ReportMessage, ActivityKind> = {
  Sent: 'sent',
  Opened: 'open',
  Clicked: 'click',
  Replied: 'reply',
  Bounced: 'bounce',
};
const EVERY_KIND: ActivityKind[] = ['sent', 'open', 'click', 'reply', 'bounce'];
const STEP_NUMBER = /^\d+$/;

/** One page of a report and where it is. */
export interface ReportPage {
  records: ActivityRecord[];
  total: number;
  /** the 0-based page number asked for */
  skip: number;
  limit: number;
  clamped: boolean;
}

/** Reports (v1 §4.9): the activity log of every kind, with SalesBlink's filters, one page at a time. */
export class ReportService {
  constructor(
    private readonly store: Store,
    private readonly sequences: SequenceService,
  ) {}

  /** One page of log records; `skip` counts pages. An unknown sequence, sender or template is a 404. */
  async page(p: Principal, q: ReportsQuery): Promise<ReportPage> {
    const filter = await this.filterOf(p, q);
    const wanted = q.limit ?? MAX_REPORT_PAGE;
    const limit = Math.min(wanted, MAX_REPORT_PAGE);
    const skip = q.skip ?? 0;
    const [rows, total] = await Promise.all([
      this.store.activity.page(filter, skip * limit, limit),
      this.store.activity.count(filter),
    ]);
    return { records: rows.map(toActivityRecord), total, skip, limit, clamped: wanted > limit };
  }

  private async filterOf(p: Principal, q: ReportsQuery): Promise<ActivityFilter> {
    const range = timeRangeOf(q);
    const f: ActivityFilter = { workspaceId: p.workspaceId, kind: q.message ? KIND_OF[q.message] : EVERY_KIND };
    if (range.from !== undefined) f.from = range.from;
    if (range.to !== undefined) f.to = range.to;
    if (q.sequence !== undefined) f.sequenceId = (await this.sequences.require(p, q.sequence)).id;
    if (q.email !== undefined) f.recipientKey = emailKey(q.email);
    if (q.sender !== undefined) f.senderEmail = await senderAddress(this.store, p.workspaceId, q.sender);
    if (q.node !== undefined) {
      if (STEP_NUMBER.test(q.node)) f.step = Number(q.node);
      else f.templateName = await this.templateName(p, q.node);
    }
    if (q.owned_by !== undefined) f.ownedBy = q.owned_by;
    if (q.human) f.humanOnly = true;
    if (q.sortType === 'asc') f.ascending = true;
    return f;
  }

  // Records keep the name of the template they were sent with, so a template id selects by that name.
  private async templateName(p: Principal, id: string): Promise<string> {
    const template = await this.store.templates.get(p.workspaceId, id);
    if (!template) throw notFound('template', id);
    return template.name;
  }
}
