import { EXPORT_DEFAULT_LIMIT, MAX_EXPORT_LIMIT, toCsv } from '@blinkpost/contract';
import { notFound } from '../domain/app-error.js';
import { offsetWindow } from '../domain/paging.js';
import { isoTime } from '../domain/time-filter.js';
import type { Store } from '../store/store.js';
import type { Clock, Principal } from './ports.js';
import type { SequenceReportService } from './sequence-reports.js';
import type { SequenceService } from './sequences.js';

/** The columns of a sequence export, in order. */
export const EXPORT_COLUMNS = [
  'id',
  'email',
  'first_name',
  'last_name',
  'status',
  'lead_status',
  'reason',
  'next_step',
  'next_send_at',
  'sender_id',
  'enrolled_at',
] as const;

/** A sequence export: the CSV text, and whether the limit asked for was clamped. */
export interface SequenceExport {
  csv: string;
  rows: number;
  clamped: boolean;
}

/** A sequence's leads as a CSV export, and taking one lead out of one sequence. */
export class SequenceLeadService {
  constructor(
    private readonly store: Store,
    private readonly sequences: SequenceService,
    private readonly reports: SequenceReportService,
    private readonly clock: Clock,
  ) {}

  /** The sequence's leads and where each stands, as formula-safe CSV (RFC 4180), oldest enrollment first. */
  async export(p: Principal, id: string, limit?: number): Promise<SequenceExport> {
    const window = offsetWindow(MAX_EXPORT_LIMIT, limit ?? EXPORT_DEFAULT_LIMIT, 0);
    const { data } = await this.reports.leads(p, id, window);
    const rows = data.map((l) => [
      l.id,
      l.Email,
      l.First_Name,
      l.Last_Name,
      l.status,
      l.lead_status,
      l.reason,
      l.next_step,
      l.next_send_at === 0 ? '' : isoTime(l.next_send_at),
      l.sender_id,
      l.enrolled_at,
    ]);
    return { csv: toCsv(EXPORT_COLUMNS, rows), rows: rows.length, clamped: window.clamped };
  }

  /**
   * Takes a lead out of one sequence: its pending steps there stop, and a lead of the sequence's lists
   * that was not enrolled yet never will be. Its other sequences and the blocklist are untouched.
   */
  async unsubscribe(p: Principal, id: string, leadId: string): Promise<void> {
    const seq = await this.sequences.require(p, id);
    const lead = await this.store.leads.get(p.workspaceId, leadId);
    if (!lead) throw notFound('lead', leadId);
    const now = this.clock.now();
    const enrolled = await this.store.enrollments.findByLead(seq.id, lead.id);
    if (enrolled) {
      if (enrolled.status === 'active' || enrolled.status === 'held') {
        await this.store.enrollments.update(
          enrolled.id,
          { status: 'stopped', reason: UNSUBSCRIBED, due_at: null },
          now,
        );
      }
      return;
    }
    const { listIds } = await this.store.sequences.links(seq.id);
    if (!listIds.includes(lead.listId)) throw notFound('lead', leadId);
    await this.store.enrollments.addStopped(seq, lead, UNSUBSCRIBED, now);
  }
}

const UNSUBSCRIBED = 'unsubscribed from this sequence';
