import { expect, it } from 'vitest';
import { engagementCounts } from '../../src/app/engagement-announcer.js';
import type { EngagementNotice } from '../../src/app/tracking-recorder.js';

const notice = (kind: EngagementNotice['kind'], machine?: boolean): EngagementNotice => ({
  kind,
  workspaceId: 'w',
  email: 'a@b.test',
  at: 1,
  ...(machine === undefined ? {} : { machine }),
});

it('tallies engagements by kind and machine, an unsubscribe (no verdict) as a person', () => {
  const counts = engagementCounts([
    notice('opened', false),
    notice('opened', true),
    notice('opened', false),
    notice('clicked', true),
    notice('unsubscribed'),
    notice('opened', false),
  ]);
  expect(counts).toEqual([
    { kind: 'opened', machine: false, n: 3 },
    { kind: 'opened', machine: true, n: 1 },
    { kind: 'clicked', machine: true, n: 1 },
    { kind: 'unsubscribed', machine: false, n: 1 },
  ]);
  expect(engagementCounts([])).toEqual([]);
});
