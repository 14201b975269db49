import type {
  ActivityRecord,
  AnalyticsPageQuery,
  AnalyticsQuery,
  DailyAnalyticsDay,
  DailyAnalyticsQuery,
  LeadStats,
  MailboxStats,
  OverallAnalytics,
  ReportsQuery,
} from '@blinkpost/contract';
import type { Envelope, Requester } from './requester.js';

/** One page of a paged analytics answer. */
export interface AnalyticsPage<T> {
  data: T[];
  /** how many there are in all */
  total: number;
  /** `skip` as the server applied it: an offset for the stats, a 0-based page number for reports */
  skip: number;
  limit: number;
}

/** The days of `analytics.daily`, in the zone they were counted in. */
export interface DailyAnalytics {
  timezone: string;
  days: DailyAnalyticsDay[];
}

const pageOf = <T>(res: Envelope<T[]>): AnalyticsPage<T> => ({
  data: res.data,
  total: res.total ?? res.data.length,
  skip: res.skip ?? 0,
  limit: res.limit ?? res.data.length,
});

/** Every row of an offset-paged answer, reading page after page until the total is reached. */
async function* everyRow<T>(read: (skip: number) => Promise<AnalyticsPage<T>>): AsyncGenerator<T> {
  for (let skip = 0; ;) {
    const page = await read(skip);
    yield* page.data;
    skip += page.data.length;
    if (page.data.length === 0 || skip >= page.total) return;
  }
}

/** Analytics and reports: opens and clicks count people unless `human: false`; machine counts come apart. */
export class AnalyticsApi {
  constructor(private readonly http: Requester) {}

  /** Totals across sequences (or of `sequence_id`) for `from`–`to`: counts and rates. */
  async overall(query: AnalyticsQuery = {}): Promise<OverallAnalytics> {
    return (await this.http.request<OverallAnalytics>('GET', '/analytics/overall', { query: { ...query } })).data;
  }

  /** The same numbers per local day of `timezone` (default UTC); idle days are zeros. */
  async daily(query: DailyAnalyticsQuery = {}): Promise<DailyAnalytics> {
    const res = await this.http.request<DailyAnalyticsDay[]>('GET', '/analytics/daily', { query: { ...query } });
    const timezone = (res as Envelope<DailyAnalyticsDay[]> & { timezone?: string }).timezone;
    return { timezone: timezone ?? query.timezone ?? 'UTC', days: res.data };
  }

  /** One page of recipients with activity, latest first (`limit` at most 100, `skip` an offset). */
  async leadStats(query: AnalyticsPageQuery = {}): Promise<AnalyticsPage<LeadStats>> {
    return pageOf(await this.http.request<LeadStats[]>('GET', '/analytics/lead-stats', { query: { ...query } }));
  }

  /** One page of senders, latest created first, each with its numbers. */
  async mailboxStats(query: AnalyticsPageQuery = {}): Promise<AnalyticsPage<MailboxStats>> {
    return pageOf(await this.http.request<MailboxStats[]>('GET', '/analytics/mailbox-stats', { query: { ...query } }));
  }

  /** One page of the activity log (`skip` is a 0-based page number, as SalesBlink has it). */
  async reports(query: ReportsQuery = {}): Promise<AnalyticsPage<ActivityRecord>> {
    return pageOf(await this.http.request<ActivityRecord[]>('GET', '/reports', { query: { ...query } }));
  }

  /** Every recipient's numbers, page by page. */
  allLeadStats(query: Omit<AnalyticsPageQuery, 'skip'> = {}): AsyncGenerator<LeadStats> {
    return everyRow((skip) => this.leadStats({ ...query, skip }));
  }

  /** Every sender's numbers, page by page. */
  allMailboxStats(query: Omit<AnalyticsPageQuery, 'skip'> = {}): AsyncGenerator<MailboxStats> {
    return everyRow((skip) => this.mailboxStats({ ...query, skip }));
  }

  /** Every record of a report, page by page. */
  async *allReports(query: Omit<ReportsQuery, 'skip'> = {}): AsyncGenerator<ActivityRecord> {
    for (let skip = 0; ; skip++) {
      const page = await this.reports({ ...query, skip });
      yield* page.data;
      if (page.data.length < page.limit || (skip + 1) * page.limit >= page.total) return;
    }
  }
}
