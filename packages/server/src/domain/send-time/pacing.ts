/** SalesBlink's spacing between one sender's emails: `delayEnabled`, `delayFrom`/`delayTo` minutes (true, 10, 20). */
export interface GapSettings {
  delayEnabled?: boolean;
  delayFrom?: number;
  delayTo?: number;
  /** the sender's own minimum gap in minutes, kept even when the random delay is off or shorter */
  minGapMinutes?: number;
}

/** The SalesBlink defaults for the delay between emails. */
export const DEFAULT_GAP = { delayEnabled: true, delayFrom: 10, delayTo: 20 } as const;

/** Why the delay settings are unusable, as a message naming the field, or undefined. */
export function gapSettingsProblem(s: GapSettings): string | undefined {
  for (const field of ['delayFrom', 'delayTo', 'minGapMinutes'] as const) {
    const v = s[field];
    if (v !== undefined && (!Number.isInteger(v) || v < 0))
      return `${field} must be a whole number of minutes, 0 or more`;
  }
  const from = s.delayFrom ?? DEFAULT_GAP.delayFrom;
  const to = s.delayTo ?? DEFAULT_GAP.delayTo;
  // A disabled delay keeps whatever figures it had; they matter only once it is enabled again.
  if ((s.delayEnabled ?? DEFAULT_GAP.delayEnabled) && to < from) return `delayTo must be at least delayFrom (${from})`;
  return undefined;
}

/**
 * The wait in milliseconds before a sender's next email: uniform from delayFrom up to delayTo minutes, picked
 * by `random01` in [0, 1) (0 gives delayFrom); 0 when the delay is off; never less than `minGapMinutes`.
 */
export function gapWithJitter(s: GapSettings, random01: number): number {
  if (!(random01 >= 0 && random01 < 1)) throw new RangeError(`random01 must be in [0, 1), got ${random01}`);
  const problem = gapSettingsProblem(s);
  if (problem) throw new RangeError(problem);
  const floor = (s.minGapMinutes ?? 0) * 60_000;
  if (!(s.delayEnabled ?? DEFAULT_GAP.delayEnabled)) return floor;
  const from = s.delayFrom ?? DEFAULT_GAP.delayFrom;
  const to = s.delayTo ?? DEFAULT_GAP.delayTo;
  return Math.max(floor, Math.round((from + random01 * (to - from)) * 60_000));
}
