import {
  MAX_REPORT_PAGE,
  type ActivityRecord,
  type AnalyticsPageQuery,
  type AnalyticsQuery,
  type DailyAnalyticsDay,
  type DailyAnalyticsQuery,
  type LeadStats,
  type MailboxStats,
  type OverallAnalytics,
  type ReportsQuery,
} from '@blinkpost/contract';
import { byPageNumber, everyRow, MAX_LISTING_PAGE, pageOf, pageSize, type Page } from './paging.js';
import type { Envelope, Requester } from './requester.js';

/** One page of a paged analytics answer (`skip`: an offset for the stats, a 0-based page number for reports). */
export type AnalyticsPage<T> = Page<T>;

/** The days of `analytics.daily`, in the zone they were counted in. */
export interface DailyAnalytics {
  timezone: string;
  days: DailyAnalyticsDay[];
}

/** Analytics and reports: opens and clicks count people unless `human: false`; machine counts come apart. */
export class AnalyticsApi {
  constructor(private readonly http: Requester) {}

  /** Totals across sequences (or of `sequence_id`) for `from`–`to`: counts and rates. */
  async overall(query: AnalyticsQuery = {}): Promise<OverallAnalytics> {
    return (await this.http.request<OverallAnalytics>('GET', '/analytics/overall', { query: { ...query } })).data;
  }

  /** The same numbers per local day of `timezone` (default UTC), idle days as zeros; `sender`: one mailbox's. */
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

  /** Every recipient's numbers, page by page (`limit`: the page size). */
  allLeadStats(query: Omit<AnalyticsPageQuery, 'skip'> = {}): AsyncGenerator<LeadStats> {
    const path = '/analytics/lead-stats';
    return everyRow(this.http, { path, query: { ...query }, limit: query.limit, max: MAX_LISTING_PAGE, counted: true });
  }

  /** Every sender's numbers, page by page. */
  allMailboxStats(query: Omit<AnalyticsPageQuery, 'skip'> = {}): AsyncGenerator<MailboxStats> {
    const path = '/analytics/mailbox-stats';
    return everyRow(this.http, { path, query: { ...query }, limit: query.limit, max: MAX_LISTING_PAGE, counted: true });
  }

  /** Every record of a report, page by page (`skip` counts pages from 0 here). */
  allReports(query: Omit<ReportsQuery, 'skip'> = {}): AsyncGenerator<ActivityRecord> {
    const size = pageSize(query.limit, MAX_REPORT_PAGE);
    return byPageNumber(0, size, async (skip, limit) => {
      const page = await this.reports({ ...query, limit, skip });
      return { rows: page.data, size: page.limit, total: page.total };
    });
  }
}
