import { invalid } from '../app-error.js';

/** The day names SalesBlink's `emailSendingHours` uses, Sunday first as `Date#getUTCDay` counts. */
export const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

/** A day of the week by its SalesBlink name. */
export type DayName = (typeof DAY_NAMES)[number];

/** One day's sending window, in wall-clock `HH:MM` of the lead's time zone. */
export interface DaySendingHours {
  readonly name: DayName;
  readonly enabled: boolean;
  readonly fromTime: string;
  readonly toTime: string;
}

/** A sequence's `emailSendingHours`: the days and times at which it may send. */
export type SendingHours = readonly DaySendingHours[];

/** SalesBlink's default: Monday to Friday 09:00–17:00, weekends off. */
export const DEFAULT_SENDING_HOURS: SendingHours = Object.freeze(
  (['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const).map((name) =>
    Object.freeze({ name, enabled: name !== 'Saturday' && name !== 'Sunday', fromTime: '09:00', toTime: '17:00' }),
  ),
);

/** A day's window in minutes after its local midnight; `to` may pass 1440 (an overnight window). */
export interface MinuteWindow {
  from: number;
  to: number;
}

/** Minutes after midnight of an `HH:MM` time (`24:00` only when `allowEndOfDay`), or undefined when malformed. */
export function minutesOf(time: unknown, allowEndOfDay = false): number | undefined {
  if (typeof time !== 'string') return undefined;
  if (allowEndOfDay && time === '24:00') return 1440;
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

interface Problem {
  field: string;
  problem: string;
}

function findProblem(value: unknown, field: string): Problem | undefined {
  if (!Array.isArray(value)) return { field, problem: 'must be an array of days' };
  for (const [i, day] of (value as unknown[]).entries()) {
    const at = `${field}[${i}]`;
    if (typeof day !== 'object' || day === null || Array.isArray(day))
      return { field: at, problem: 'must be an object' };
    const d = day as Record<string, unknown>;
    if (!DAY_NAMES.includes(d.name as DayName))
      return { field: `${at}.name`, problem: 'must be a day name, Monday to Sunday' };
    if (typeof d.enabled !== 'boolean') return { field: `${at}.enabled`, problem: 'must be true or false' };
    const from = minutesOf(d.fromTime);
    if (from === undefined) return { field: `${at}.fromTime`, problem: 'must be HH:MM' };
    const to = minutesOf(d.toTime, true);
    if (to === undefined) return { field: `${at}.toTime`, problem: 'must be HH:MM' };
    if (d.enabled && from === to) return { field: `${at}.toTime`, problem: 'must differ from fromTime' };
  }
  return undefined;
}

/** Why `value` is not valid `emailSendingHours`, as a message naming the field (`emailSendingHours[2].fromTime must be HH:MM`), or undefined. */
export function sendingHoursProblem(value: unknown, field = 'emailSendingHours'): string | undefined {
  const p = findProblem(value, field);
  return p && `${p.field} ${p.problem}`;
}

/** `value` as sending hours, or an `invalid_request` AppError naming the field at fault. */
export function parseSendingHours(value: unknown, field = 'emailSendingHours'): SendingHours {
  const p = findProblem(value, field);
  if (p) throw invalid(p.field, p.problem);
  return value as SendingHours;
}

/**
 * The enabled windows of each weekday (index 0 = Sunday). `fromTime < toTime` is a window within the day;
 * `fromTime > toTime` runs overnight into the next day; equal times open nothing. Several entries for one
 * day give it several windows. Throws a RangeError naming the field when the hours are malformed.
 */
export function windowsByWeekday(hours: SendingHours): MinuteWindow[][] {
  const problem = sendingHoursProblem(hours);
  if (problem) throw new RangeError(problem);
  const byDay: MinuteWindow[][] = DAY_NAMES.map(() => []);
  for (const day of hours) {
    const from = minutesOf(day.fromTime) as number;
    const to = minutesOf(day.toTime, true) as number;
    if (!day.enabled || from === to) continue;
    byDay[DAY_NAMES.indexOf(day.name)]?.push({ from, to: to > from ? to : to + 1440 });
  }
  return byDay;
}
