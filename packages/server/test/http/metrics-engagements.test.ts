import { expect, it } from 'vitest';
import { PrometheusTelemetry } from '../../src/http/metrics.js';

it('adds each tally of engagements by its count, people and machines apart', async () => {
  const telemetry = new PrometheusTelemetry();
  telemetry.engagements([
    { kind: 'opened', machine: false, n: 3 },
    { kind: 'opened', machine: true, n: 2 },
  ]);
  telemetry.engagements([{ kind: 'opened', machine: false, n: 4 }]);
  const text = await telemetry.registry.metrics();
  expect(text).toContain('blinkpost_engagements_total{event="opened",machine="false"} 7');
  expect(text).toContain('blinkpost_engagements_total{event="opened",machine="true"} 2');
});
