import {
  ActivityRecord,
  AnalyticsPageQuery,
  AnalyticsQuery,
  DailyAnalyticsDay,
  DailyAnalyticsQuery,
  LeadStats,
  MailboxStats,
  MAX_REPORT_PAGE,
  Ok,
  OverallAnalytics,
  ReportsQuery,
} from '@blinkpost/contract';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { PageWindow } from '../../domain/paging.js';
import { principalOf } from '../plugins/auth.js';
import type { Services } from '../services.js';

const tags = ['v1'];
const PAGE_KEYS = { count: Type.Integer(), total: Type.Integer(), skip: Type.Integer(), limit: Type.Integer() };

/** The paging keys of a stats page, and the clamp said in `message`. */
const paged = <T>(rows: T[], total: number, w: PageWindow) => ({
  success: true as const,
  ...(w.clamped ? { message: `limit was clamped to ${w.limit}` } : {}),
  data: rows,
  count: rows.length,
  total,
  skip: w.offset,
  limit: w.limit,
});

/** Analytics and reports (v1 §4.8, §4.9): people-only opens and clicks unless `human=false`. */
export function analyticsRoutes(app: FastifyInstance, s: Services): void {
  app.get<{ Querystring: AnalyticsQuery }>(
    '/analytics/overall',
    {
      schema: {
        summary: 'Totals across sequences: sent, opens, clicks, replies, bounces, unsubscribes and their rates',
        tags,
        querystring: AnalyticsQuery,
        response: { 200: Ok(OverallAnalytics) },
      },
    },
    async (request) => ({
      success: true as const,
      data: await s.analytics.overall(principalOf(request), request.query),
    }),
  );

  app.get<{ Querystring: DailyAnalyticsQuery }>(
    '/analytics/daily',
    {
      schema: {
        summary: 'The same numbers per local day of a time zone, of one sender if asked; idle days are zeros',
        tags,
        querystring: DailyAnalyticsQuery,
        response: { 200: Ok(Type.Array(DailyAnalyticsDay), { count: Type.Integer(), timezone: Type.String() }) },
      },
    },
    async (request) => {
      const { timezone, days } = await s.analytics.daily(principalOf(request), request.query);
      return { success: true as const, data: days, count: days.length, timezone };
    },
  );

  app.get<{ Querystring: AnalyticsPageQuery }>(
    '/analytics/lead-stats',
    {
      schema: {
        summary: 'Per recipient with activity in the range, latest first',
        tags,
        querystring: AnalyticsPageQuery,
        response: { 200: Ok(Type.Array(LeadStats), PAGE_KEYS) },
      },
    },
    async (request) => {
      const { rows, total, window } = await s.analytics.leadStats(principalOf(request), request.query);
      return paged(rows, total, window);
    },
  );

  app.get<{ Querystring: AnalyticsPageQuery }>(
    '/analytics/mailbox-stats',
    {
      schema: {
        summary: 'Per sender (mailbox), latest created first, idle ones with zeros',
        tags,
        querystring: AnalyticsPageQuery,
        response: { 200: Ok(Type.Array(MailboxStats), PAGE_KEYS) },
      },
    },
    async (request) => {
      const { rows, total, window } = await s.analytics.mailboxStats(principalOf(request), request.query);
      return paged(rows, total, window);
    },
  );

  app.get<{ Querystring: ReportsQuery }>(
    '/reports',
    {
      schema: {
        summary: 'The activity log of every kind (records as the feeds answer them), filtered; skip counts pages',
        tags,
        querystring: ReportsQuery,
        response: { 200: Ok(Type.Array(ActivityRecord), PAGE_KEYS) },
      },
    },
    async (request) => {
      const r = await s.reports.page(principalOf(request), request.query);
      return {
        success: true as const,
        ...(r.clamped ? { message: `limit was clamped to ${MAX_REPORT_PAGE}` } : {}),
        data: r.records,
        count: r.records.length,
        total: r.total,
        skip: r.skip,
        limit: r.limit,
      };
    },
  );
}
