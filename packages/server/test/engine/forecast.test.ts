import { afterEach, expect, it } from 'vitest';
import { describeEachDialect } from '../support/dialects.js';
import { useTestServer } from '../support/test-server.js';
import { setUpOutreach, startSequence, type Outreach } from './engine-fixture.js';

interface ForecastBody {
  message: string;
  data: {
    due_today: number;
    will_send_today: number;
    senders: {
      sent_today: number;
      remaining_today: number;
      will_send_today: number;
      limited_by: string;
      next_send_at: string;
    }[];
    held_back: { cap: number; missing_variable: number; paused: number; window: number };
    held_reasons: { reason: string; leads: number }[];
  };
}

describeEachDialect('the forecast says why a sequence is not sending', (dialect) => {
  const t = useTestServer(dialect);
  let o: Outreach | undefined;
  afterEach(async () => {
    await o?.sink.close();
    o = undefined;
  });

  it('counts the cap, the missing variable and tomorrow’s send in numbers', async () => {
    const ts = t();
    o = await setUpOutreach(
      ts,
      [
        { Email: 'a@lead.test', First_Name: 'A', Company: 'Aco' },
        { Email: 'b@lead.test', First_Name: 'B', Company: 'Bco' },
        { Email: 'c@lead.test', First_Name: 'C', Company: 'Cco' },
        { Email: 'd@lead.test', First_Name: 'D' },
      ],
      {},
      { max_emails_per_day: 1 },
    );
    const seqId = await startSequence(ts, o);
    const before = await ts.call(ts.admin, 'GET', `/api/public/v1.0.0/sequences/${seqId}/forecast`);
    expect(before.json<ForecastBody>().data).toMatchObject({ due_today: 4, will_send_today: 1 });

    await ts.server.engine.tick();
    expect(o.sink.messages).toHaveLength(1);
    const res = await ts.call(ts.admin, 'GET', `/api/public/v1.0.0/sequences/${seqId}/forecast`);
    const f = res.json<ForecastBody>();
    expect(f.data.senders[0]).toMatchObject({
      sent_today: 1,
      remaining_today: 0,
      will_send_today: 0,
      limited_by: 'cap',
    });
    expect(f.data.senders[0]?.next_send_at).toBe('2026-03-03T09:00:00.000Z');
    expect(f.data.held_back.cap).toBe(2);
    expect(f.data.held_back.missing_variable).toBe(1);
    expect(f.data.held_reasons[0]?.reason).toMatch(/company/i);
    expect(f.message).toMatch(/0 of \d+ emails due today can go out today/);
  });

  it('says a paused sequence sends nothing', async () => {
    const ts = t();
    o = await setUpOutreach(
      ts,
      [{ Email: 'p@lead.test', First_Name: 'P', Company: 'Pco' }],
      {},
      { from_email: 'paused@sender.test' },
    );
    const seqId = await startSequence(ts, o, { paused: true });
    const res = await ts.call(ts.admin, 'GET', `/api/public/v1.0.0/sequences/${seqId}/forecast`);
    expect(res.json<ForecastBody>().message).toMatch(/draft: nothing is sent until it is started/);
  });
});
