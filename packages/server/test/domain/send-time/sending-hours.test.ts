import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/domain/app-error.js';
import {
  DEFAULT_SENDING_HOURS,
  parseSendingHours,
  sendingHoursProblem,
  windowsByWeekday,
  type SendingHours,
} from '../../../src/domain/send-time/index.js';

const monday = { name: 'Monday', enabled: true, fromTime: '09:00', toTime: '17:00' };

describe('DEFAULT_SENDING_HOURS', () => {
  it('is SalesBlink’s Monday to Friday 09:00–17:00 with the weekend off', () => {
    expect(DEFAULT_SENDING_HOURS.map((d) => [d.name, d.enabled, d.fromTime, d.toTime])).toEqual([
      ['Monday', true, '09:00', '17:00'],
      ['Tuesday', true, '09:00', '17:00'],
      ['Wednesday', true, '09:00', '17:00'],
      ['Thursday', true, '09:00', '17:00'],
      ['Friday', true, '09:00', '17:00'],
      ['Saturday', false, '09:00', '17:00'],
      ['Sunday', false, '09:00', '17:00'],
    ]);
    expect(sendingHoursProblem(DEFAULT_SENDING_HOURS)).toBeUndefined();
  });

  it('cannot be changed by a caller that holds it', () => {
    const saturday = DEFAULT_SENDING_HOURS[5] as { enabled: boolean };
    expect(() => (saturday.enabled = true)).toThrow(TypeError);
    expect(() => (DEFAULT_SENDING_HOURS as unknown[]).push({})).toThrow(TypeError);
  });
});

describe('sendingHoursProblem', () => {
  it.each<[unknown, string]>([
    ['Monday', 'emailSendingHours must be an array of days'],
    [null, 'emailSendingHours must be an array of days'],
    [[monday, 'Tuesday'], 'emailSendingHours[1] must be an object'],
    [[{ ...monday, name: 'monday' }], 'emailSendingHours[0].name must be a day name, Monday to Sunday'],
    [[{ ...monday, name: 'Mon' }], 'emailSendingHours[0].name must be a day name, Monday to Sunday'],
    [[{ ...monday, enabled: 'true' }], 'emailSendingHours[0].enabled must be true or false'],
    [[monday, monday, { ...monday, fromTime: '9:00' }], 'emailSendingHours[2].fromTime must be HH:MM'],
    [[{ ...monday, fromTime: '24:00' }], 'emailSendingHours[0].fromTime must be HH:MM'],
    [[{ ...monday, fromTime: '09:60' }], 'emailSendingHours[0].fromTime must be HH:MM'],
    [[{ ...monday, fromTime: 900 }], 'emailSendingHours[0].fromTime must be HH:MM'],
    [[{ ...monday, toTime: '24:01' }], 'emailSendingHours[0].toTime must be HH:MM'],
    [[{ ...monday, toTime: '17:00:00' }], 'emailSendingHours[0].toTime must be HH:MM'],
    [[{ ...monday, toTime: '09:00' }], 'emailSendingHours[0].toTime must differ from fromTime'],
  ])('refuses %j: %s', (value, message) => {
    expect(sendingHoursProblem(value)).toBe(message);
  });

  it.each<[string, unknown]>([
    ['an empty week (nothing is sent)', []],
    ['a window to the end of the day', [{ ...monday, fromTime: '00:00', toTime: '24:00' }]],
    ['an overnight window', [{ ...monday, fromTime: '22:00', toTime: '06:00' }]],
    ['equal times on a disabled day', [{ ...monday, enabled: false, toTime: '09:00' }]],
    ['two windows on one day', [monday, { ...monday, fromTime: '18:00', toTime: '19:00' }]],
  ])('accepts %s', (_, value) => {
    expect(sendingHoursProblem(value)).toBeUndefined();
  });

  it('names the field it was given', () => {
    expect(sendingHoursProblem([{ ...monday, toTime: '5pm' }], 'settings.hours')).toBe(
      'settings.hours[0].toTime must be HH:MM',
    );
  });
});

describe('parseSendingHours', () => {
  it('answers valid hours as they are', () => {
    expect(parseSendingHours([monday])).toEqual([monday]);
  });

  it('throws invalid_request naming the field at fault', () => {
    let err: unknown;
    try {
      parseSendingHours([monday, { ...monday, fromTime: '9am' }]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({
      code: 'invalid_request',
      message: 'emailSendingHours[1].fromTime must be HH:MM',
      details: { field: 'emailSendingHours[1].fromTime' },
    });
  });
});

describe('windowsByWeekday', () => {
  it('keeps enabled, non-empty windows per weekday (Sunday first); overnight ones run past 1440', () => {
    const hours: SendingHours = [
      { name: 'Sunday', enabled: true, fromTime: '00:00', toTime: '24:00' },
      { name: 'Monday', enabled: true, fromTime: '09:30', toTime: '17:15' },
      { name: 'Monday', enabled: true, fromTime: '22:00', toTime: '06:00' },
      { name: 'Tuesday', enabled: false, fromTime: '09:00', toTime: '17:00' },
    ];
    expect(windowsByWeekday(hours)).toEqual([
      [{ from: 0, to: 1440 }],
      [
        { from: 570, to: 1035 },
        { from: 1320, to: 1800 },
      ],
      [],
      [],
      [],
      [],
      [],
    ]);
  });

  it('throws a RangeError naming the field for malformed stored hours', () => {
    expect(() => windowsByWeekday([{ ...monday, fromTime: '25:00' } as SendingHours[number]])).toThrow(
      new RangeError('emailSendingHours[0].fromTime must be HH:MM'),
    );
  });
});
