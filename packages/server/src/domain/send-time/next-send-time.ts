import { nextOpenInstant } from './send-window.js';
import type { SendingHours } from './sending-hours.js';
import { isValidTimeZone, localDayKey, startOfNextLocalDay } from './wall-clock.js';

/** What a sender has already done, as far as its cap and gap are concerned. */
export interface SenderLoad {
  /** the sender's time zone: its daily cap counts emails per local day there */
  timeZone: string;
  /** `max_emails_per_day`; 0 sends nothing */
  dailyCap: number;
  /** its latest send (or reservation), if any */
  lastSentAtMs?: number;
  /** how many it has sent on one of its local days (a `localDayKey`), normally today */
  sentOnDay?: { day: string; count: number };
}

/** Everything one send's timing depends on. */
export interface SendTimeInput {
  /** the step's due time or now, whichever is later: nothing is sent before it */
  earliestMs: number;
  hours: SendingHours;
  /** the lead's `Timezone` field; when absent or unknown the sequence's zone is used */
  leadTimeZone?: string | undefined;
  sequenceTimeZone: string;
  /** the wait after the sender's last send (`gapWithJitter`) */
  gapMs: number;
  sender: SenderLoad;
}

/** The limit that holds a send back: outside the sending window, the sender's daily cap, or its gap. */
export type Hold = 'window' | 'cap' | 'gap';

/** When a send may go and the limit that held it (see `nextSendTime`); `at` is undefined when it never can. */
export type SendTime = { at: number; heldBy: Hold | null } | { at: undefined; heldBy: 'window' | 'cap' };

/** The zone sending hours are read in: the lead's own when it names a known zone, else the sequence's. */
export function windowTimeZone(leadTimeZone: string | undefined, sequenceTimeZone: string): string {
  return isValidTimeZone(leadTimeZone) ? leadTimeZone : sequenceTimeZone;
}

/** Whether the sender has used up its cap on the local day of `ms`. */
function capReached(ms: number, s: SenderLoad): boolean {
  return (
    s.sentOnDay !== undefined && s.sentOnDay.count >= s.dailyCap && localDayKey(ms, s.timeZone) === s.sentOnDay.day
  );
}

/**
 * The earliest instant ≥ `earliestMs` that is inside the window (in the lead's zone), at least `gapMs`
 * after the sender's last send, and on a sender-local day whose cap is not used up. `heldBy` names the limit
 * that alone would have held the send latest (null when it goes at `earliestMs`), so a forecast can say
 * "cap reached" rather than "window" when a full day pushes the send to tomorrow's window.
 */
export function nextSendTime(input: SendTimeInput): SendTime {
  const { earliestMs: earliest, hours, gapMs, sender } = input;
  const tz = windowTimeZone(input.leadTimeZone, input.sequenceTimeZone);
  if (sender.dailyCap <= 0) return { at: undefined, heldBy: 'cap' };
  const gapEnd = sender.lastSentAtMs === undefined ? earliest : sender.lastSentAtMs + gapMs;
  let at = Math.max(earliest, gapEnd);
  // Each pass only moves `at` later; after a cap move the next local day is empty, so two passes settle it.
  for (;;) {
    const open = nextOpenInstant(at, hours, tz);
    if (open === undefined) return { at: undefined, heldBy: 'window' };
    at = open;
    if (!capReached(at, sender)) break;
    at = startOfNextLocalDay(at, sender.timeZone);
  }
  if (at === earliest) return { at, heldBy: null };
  const alone: [Hold, number][] = [
    ['cap', capReached(earliest, sender) ? startOfNextLocalDay(earliest, sender.timeZone) : earliest],
    ['window', nextOpenInstant(earliest, hours, tz) ?? earliest],
    ['gap', Math.max(earliest, gapEnd)],
  ];
  const [heldBy] = alone.reduce((a, b) => (b[1] > a[1] ? b : a));
  return { at, heldBy };
}
