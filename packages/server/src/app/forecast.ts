import type { SenderForecast, SequenceForecast } from '@blinkpost/contract';
import {
  nextOpenInstant,
  nextSendTime,
  parseSendingHours,
  startOfNextLocalDay,
  windowEnd,
  localDayKey,
  type GapSettings,
  type SendingHours,
} from '../domain/send-time/index.js';
import { isoTime } from '../domain/time-filter.js';
import type { Store } from '../store/store.js';
import type { Clock, Principal } from './ports.js';
import { startOfLocalDay } from './sending.js';
import type { SequenceService } from './sequences.js';

/** Works out, from the ledger and the settings, what a sequence will send today and what holds it. */
export class ForecastService {
  constructor(
    private readonly store: Store,
    private readonly sequences: SequenceService,
    private readonly clock: Clock,
  ) {}

  /** The forecast of one sequence, as of now. */
  async forecast(p: Principal, id: string): Promise<SequenceForecast> {
    const seq = await this.sequences.require(p, id);
    const now = this.clock.now();
    const tz = typeof seq.settings['timezone'] === 'string' ? seq.settings['timezone'] : 'UTC';
    const hours = parseSendingHours(seq.settings['emailSendingHours']);
    const dayEnd = startOfNextLocalDay(now, tz);
    const pending = await this.store.enrollments.pendingSummary(id, now, dayEnd);
    const active = pending.rows.filter((r) => r.status === 'active');
    const running = seq.status === 'running' || seq.status === 'needs-attention';
    // Leads added to the lists since the last pass are due as soon as the engine enrolls them.
    const waiting = running ? await this.store.enrollments.countUnenrolled(id) : 0;
    const dueNow = active.reduce((n, r) => n + r.dueNow, 0) + waiting;
    const dueToday = active.reduce((n, r) => n + r.dueBy, 0) + waiting;

    const { senderIds } = await this.store.sequences.links(id);
    const senders: SenderForecast[] = [];
    let demand = running ? dueToday : 0;
    for (const senderId of senderIds) {
      const s = await this.store.senders.get(p.workspaceId, senderId);
      if (!s) continue;
      const sentToday = await this.store.ledger.countedSince(s.id, startOfLocalDay(now, s.timezone));
      const remaining = Math.max(0, s.maxEmailsPerDay - sentToday);
      const pacedUntil = (await this.store.ledger.nextSendAt(s.id)) ?? now;
      const earliest = Math.max(now, pacedUntil, waiting > 0 ? now : (pending.earliest ?? now));
      const when = nextSendTime({
        earliestMs: earliest,
        hours,
        sequenceTimeZone: tz,
        gapMs: 0,
        sender: {
          timeZone: s.timezone,
          dailyCap: s.maxEmailsPerDay,
          sentOnDay: { day: localDayKey(now, s.timezone), count: sentToday },
        },
      });
      const capacity =
        s.status === 'active' && running
          ? slotsToday(earliest, dayEnd, hours, tz, gapOf(seq.settings, s.minGapMinutes))
          : 0;
      const willSend = Math.min(remaining, capacity, demand);
      demand -= willSend;
      senders.push({
        sender_id: s.id,
        email: s.email,
        status: s.status,
        status_reason: s.statusReason,
        daily_cap: s.maxEmailsPerDay,
        sent_today: sentToday,
        remaining_today: remaining,
        will_send_today: willSend,
        next_send_at:
          s.status === 'active' && running && when.at !== undefined && (pending.earliest !== undefined || waiting > 0)
            ? isoTime(when.at)
            : '',
        limited_by:
          s.status !== 'active'
            ? s.status
            : !running
              ? `sequence ${seq.status}`
              : remaining === 0
                ? 'cap'
                : capacity <= willSend && demand > 0
                  ? 'window'
                  : '',
      });
    }
    const willSendToday = senders.reduce((n, s) => n + s.will_send_today, 0);
    const byReason = (reason: string) => active.filter((r) => r.reason === reason).reduce((n, r) => n + r.total, 0);
    const held = pending.rows.filter((r) => r.status === 'held');
    const missing = held.filter((r) => /no value|missing/i.test(r.reason)).reduce((n, r) => n + r.total, 0);
    const heldBack = {
      paused: running ? 0 : active.reduce((n, r) => n + r.total, 0),
      window: running ? byReason('window') : 0,
      cap: running ? byReason('cap') + Math.max(0, demand) : 0,
      gap: running ? byReason('gap') : 0,
      needs_attention: byReason('no active sender'),
      missing_variable: missing,
      other: held.reduce((n, r) => n + r.total, 0) - missing,
    };
    return {
      sequence_id: id,
      status: seq.status,
      now: isoTime(now),
      due_now: dueNow,
      due_today: dueToday,
      will_send_today: willSendToday,
      senders,
      held_back: heldBack,
      held_reasons: held.map((r) => ({ reason: r.reason, leads: r.total })),
      summary: summarise(seq.status, willSendToday, dueToday, heldBack),
    };
  }
}

function gapOf(settings: Record<string, unknown>, minGapMinutes: number): number {
  const s = settings as GapSettings;
  const enabled = s.delayEnabled ?? true;
  const avg = enabled ? ((s.delayFrom ?? 10) + (s.delayTo ?? 20)) / 2 : 0;
  return Math.max(avg, minGapMinutes) * 60_000;
}

/** How many sends fit between `from` and the end of the day inside the windows, one every `gapMs` (no gap: no limit). */
function slotsToday(from: number, dayEnd: number, hours: SendingHours, tz: string, gapMs: number): number {
  let slots = 0;
  let at = nextOpenInstant(from, hours, tz);
  while (at !== undefined && at < dayEnd) {
    if (gapMs === 0) return Number.POSITIVE_INFINITY;
    const end = Math.min(windowEnd(at, hours, tz) ?? dayEnd, dayEnd);
    slots += Math.max(1, Math.ceil((end - at) / gapMs));
    at = nextOpenInstant(end + 1, hours, tz);
  }
  return slots;
}

function summarise(status: string, willSend: number, dueToday: number, held: SequenceForecast['held_back']): string {
  if (status === 'draft' || status === 'paused')
    return `The sequence is ${status}: nothing is sent until it is started.`;
  if (status === 'archived' || status === 'completed') return `The sequence is ${status}: nothing more is due.`;
  const parts = [`${willSend} of ${dueToday} emails due today can go out today`];
  if (held.window > 0) parts.push(`${held.window} wait for their sending window`);
  if (held.cap > 0) parts.push(`${held.cap} wait for a sender's daily cap to reset`);
  if (held.gap > 0) parts.push(`${held.gap} wait for the gap between emails`);
  if (held.needs_attention > 0) parts.push(`${held.needs_attention} have no active sender`);
  if (held.missing_variable > 0) parts.push(`${held.missing_variable} are held for a missing variable`);
  return `${parts.join('; ')}.`;
}
