import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/domain/app-error.js';
import { launchInstant, type LaunchSettings } from '../../../src/domain/send-time/index.js';

const now = Date.parse('2026-03-02T10:00:00Z');
const later = Date.parse('2026-03-05T14:30:00Z');

function errorOf(settings: LaunchSettings): AppError {
  try {
    launchInstant({ ...settings, now });
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error(`${JSON.stringify(settings)} was accepted`);
}

describe('launchInstant', () => {
  it.each<[string, LaunchSettings, number]>([
    ['now starts at once', { launchTimingMode: 'now' }, now],
    ['no mode is now', {}, now],
    ['now ignores a scheduledAt', { launchTimingMode: 'now', scheduledAt: later }, now],
    ['schedule starts at scheduledAt (ms)', { launchTimingMode: 'schedule', scheduledAt: later }, later],
    ['scheduledAt as a numeric string', { launchTimingMode: 'schedule', scheduledAt: String(later) }, later],
    ['scheduledAt as ISO-8601', { launchTimingMode: 'schedule', scheduledAt: '2026-03-05T09:30:00-05:00' }, later],
    ['a scheduledAt in the past starts now', { launchTimingMode: 'schedule', scheduledAt: now - 3_600_000 }, now],
  ])('%s', (_, settings, expected) => {
    expect(launchInstant({ ...settings, now })).toBe(expected);
  });

  it.each<[LaunchSettings, string, string]>([
    [{ launchTimingMode: 'later' }, 'launchTimingMode', 'launchTimingMode must be "now" or "schedule"'],
    [{ launchTimingMode: 'schedule' }, 'scheduledAt', 'scheduledAt is required when launchTimingMode is "schedule"'],
    [
      { launchTimingMode: 'schedule', scheduledAt: null },
      'scheduledAt',
      'scheduledAt is required when launchTimingMode is "schedule"',
    ],
    [
      { launchTimingMode: 'schedule', scheduledAt: '' },
      'scheduledAt',
      'scheduledAt is required when launchTimingMode is "schedule"',
    ],
    [
      { launchTimingMode: 'schedule', scheduledAt: 'next Tuesday' },
      'scheduledAt',
      'scheduledAt must be Unix milliseconds or an ISO-8601 time',
    ],
    [
      { launchTimingMode: 'schedule', scheduledAt: Number.NaN },
      'scheduledAt',
      'scheduledAt must be Unix milliseconds or an ISO-8601 time',
    ],
    [
      { launchTimingMode: 'schedule', scheduledAt: 1.5e12 + 0.5 },
      'scheduledAt',
      'scheduledAt must be Unix milliseconds or an ISO-8601 time',
    ],
    [
      { launchTimingMode: 'schedule', scheduledAt: 1772721000 },
      'scheduledAt',
      'scheduledAt must be Unix milliseconds; 1772721000 looks like seconds',
    ],
    [
      { launchTimingMode: 'schedule', scheduledAt: '1772721000' },
      'scheduledAt',
      'scheduledAt must be Unix milliseconds; 1772721000 looks like seconds',
    ],
  ])('refuses %j naming %s', (settings, field, message) => {
    const err = errorOf(settings);
    expect(err.code).toBe('invalid_request');
    expect(err.message).toBe(message);
    expect(err.details).toEqual({ field });
  });
});
