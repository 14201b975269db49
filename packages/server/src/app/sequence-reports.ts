import type { SequenceStats, SequenceStatsQuery, SequenceStep } from '@blinkpost/contract';
import { notFound } from '../domain/app-error.js';
import type { PageWindow } from '../domain/paging.js';
import { isoTime } from '../domain/time-filter.js';
import type { Store } from '../store/store.js';
import type { AnalyticsService } from './analytics.js';
import type { Principal } from './ports.js';
import type { SequenceService } from './sequences.js';

/** A lead of a sequence and where it stands. */
export interface SequenceLead {
  id: string;
  Email: string;
  First_Name: string;
  Last_Name: string;
  status: string;
  lead_status: string;
  reason: string;
  next_step: number;
  next_send_at: number;
  sender_id: string;
  enrolled_at: string;
}

/** One message of a lead in a sequence. */
export interface SequenceLeadMessage {
  id: string;
  message_id: string;
  step: number;
  subject: string;
  status: string;
  error: string;
  attempts: number;
  sender_id: string;
  to: string;
  reserved_at: number;
  sent_at: number;
}

/** Reading a sequence's leads, their messages and its numbers. */
export class SequenceReportService {
  constructor(
    private readonly store: Store,
    private readonly sequences: SequenceService,
    private readonly analytics: AnalyticsService,
  ) {}

  /** The sequence's leads with their enrollment state. */
  async leads(p: Principal, id: string, w: PageWindow): Promise<{ data: SequenceLead[]; total: number }> {
    await this.sequences.require(p, id);
    const rows = await this.store.enrollments.leadsOf(id, w.offset, w.limit);
    const counts = await this.store.enrollments.countByStatus(id);
    return {
      total: Object.values(counts).reduce((a, b) => a + b, 0),
      data: rows.map((r) => ({
        id: r.enrollment.lead_id,
        Email: r.email,
        First_Name: r.standard['First_Name'] ?? '',
        Last_Name: r.standard['Last_Name'] ?? '',
        status: r.enrollment.status,
        lead_status: r.leadStatus,
        reason: r.enrollment.reason,
        next_step: r.enrollment.step,
        next_send_at: r.enrollment.due_at === null ? 0 : Number(r.enrollment.due_at),
        sender_id: r.enrollment.sender_id ?? '',
        enrolled_at: isoTime(Number(r.enrollment.created_at)),
      })),
    };
  }

  /** Every message the sequence sent (or tried to send) to one lead. */
  async leadMessages(p: Principal, id: string, leadId: string, w: PageWindow): Promise<SequenceLeadMessage[]> {
    await this.sequences.require(p, id);
    const e = await this.store.enrollments.findByLead(id, leadId);
    if (!e || e.workspace_id !== p.workspaceId) throw notFound('lead', leadId);
    const messages = await this.store.ledger.messagesOf(e.id);
    return messages.slice(w.offset, w.offset + w.limit).map((m) => ({
      id: m.id,
      message_id: m.message_id,
      step: m.step,
      subject: m.subject,
      status: m.status,
      error: m.last_error,
      attempts: Number(m.attempts),
      sender_id: m.sender_id,
      to: m.to_email,
      reserved_at: Number(m.reserved_at),
      sent_at: m.sent_at === null ? 0 : Number(m.sent_at),
    }));
  }

  /**
   * The sequence's numbers: its activity counted as the analytics count it (for the range and sender
   * asked, people only unless `human` is false), and its leads and messages by state, per step.
   */
  async stats(p: Principal, id: string, q: SequenceStatsQuery = {}): Promise<SequenceStats> {
    const s = await this.sequences.require(p, id);
    const counted = await this.analytics.sequenceCounts(p, id, q);
    const leads = await this.store.enrollments.countByStatus(id);
    const messages = await this.store.ledger.countByStatus(id);
    const perStep = await this.store.ledger.countByStep(id);
    const steps = (s.settings['steps'] ?? []) as SequenceStep[];
    return {
      sequence_id: id,
      name: s.name,
      from: counted.from,
      to: counted.to,
      human: counted.human,
      sender: counted.sender,
      ...counted.counts,
      uncertain: messages['uncertain'] ?? 0,
      leads: {
        total: Object.values(leads).reduce((a, b) => a + b, 0),
        active: leads['active'] ?? 0,
        held: leads['held'] ?? 0,
        completed: leads['completed'] ?? 0,
        stopped: leads['stopped'] ?? 0,
        uncertain: leads['uncertain'] ?? 0,
      },
      messages: {
        sending: messages['sending'] ?? 0,
        retry: messages['retry'] ?? 0,
        sent: messages['sent'] ?? 0,
        failed: messages['failed'] ?? 0,
        uncertain: messages['uncertain'] ?? 0,
      },
      steps: steps.map((step, index) => ({
        index,
        type: step.type,
        sent: perStep[index]?.['sent'] ?? 0,
        failed: perStep[index]?.['failed'] ?? 0,
        uncertain: perStep[index]?.['uncertain'] ?? 0,
      })),
    };
  }
}
