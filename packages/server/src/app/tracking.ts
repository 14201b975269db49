import {
  ALL_LINKS_BURST_MS,
  classifyClick,
  classifyOpen,
  verifyToken,
  type TrafficVerdict,
} from '../domain/tracking/index.js';
import type { EngagementEvent, TrackedMessage } from '../store/tracking.repo.js';
import type { Store } from '../store/store.js';
import type { BlocklistService } from './blocklist.js';
import { GroupCommit } from './group-commit.js';
import type { Clock } from './ports.js';

/** What the tracking endpoints tell about a request: enough to judge whether a person made it. */
export interface TrackedRequest {
  userAgent: string | undefined;
  method: string;
  ip?: string;
}

/** An engagement the rest of the product hears about (webhooks). */
export interface EngagementNotice {
  kind: 'opened' | 'clicked' | 'unsubscribed';
  workspaceId: string;
  message?: TrackedMessage;
  email: string;
  machine?: boolean;
  machineReason?: string;
  url?: string;
  at: number;
}

/** Tuning; tests shorten the click hold. */
export interface TrackingOptions {
  /** how long a click waits before it is judged, so a scanner walking every link is seen whole */
  clickHoldMs: number;
  /**
   * How long opens gather before they are written together (one transaction per batch). A quarter of
   * a second is unnoticeable in a feed, and on SQLite a busy pixel then writes thousands of rows per
   * commit instead of hundreds: 14,000 → 20,000 opens/s recorded at 25 → 300 ms (docs/benchmarks.md).
   */
  openBatchMs: number;
  /** messages kept in memory by key, so repeated clicks and opens do not read the database */
  cacheSize: number;
}

export const DEFAULT_TRACKING_OPTIONS: TrackingOptions = { clickHoldMs: 1_500, openBatchMs: 250, cacheSize: 20_000 };

interface RawOpen {
  token: string;
  at: number;
  request: TrackedRequest;
}

/** A judged open or click with the message it belongs to, for the announcement after it is written. */
type JudgedEvent = EngagementEvent & { message: TrackedMessage; reason: string };

interface PendingClick {
  message: TrackedMessage;
  link: number;
  at: number;
  request: TrackedRequest;
}

// Opens queued before a batch is written at once instead of waiting for its timer: a flood of pixel
// fetches (forged tokens included, checked only in the batch) holds at most this many in memory.
export const MAX_QUEUED_OPENS = 20_000;

/**
 * Opens, clicks and unsubscribes from the links in sent emails. The pixel and the redirect answer at
 * once; events are judged (person or machine, with the reason) and written in batches (group
 * commit), never failing the response for a database hiccup. `close` writes everything still held.
 */
export class TrackingService {
  private readonly cache = new Map<string, TrackedMessage>();
  private opens: RawOpen[] = [];
  private openTimer: NodeJS.Timeout | undefined;
  private readonly engagements = new GroupCommit<EngagementEvent[]>((batches) =>
    this.store.tracking.record(batches.flat()),
  );
  private pending: PendingClick[] = [];
  private readonly recent = new Map<string, { atMs: number; link: number }[]>();
  private holdTimer: NodeJS.Timeout | undefined;
  private writes = new Set<Promise<unknown>>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly secret: Buffer,
    private readonly blocklist: BlocklistService,
    /** announces engagements (webhooks), a batch at a time */
    private readonly notify: (n: EngagementNotice[]) => Promise<void> = async () => undefined,
    private readonly log: (err: unknown, what: string) => void = () => undefined,
    private readonly opts: TrackingOptions = DEFAULT_TRACKING_OPTIONS,
  ) {}

  /**
   * An open pixel was fetched: queued for checking, judging and writing; the pixel never waits for it.
   * The token is checked with its batch (a forged one is dropped there): the answer is the same GIF.
   */
  open(token: string, request: TrackedRequest): void {
    this.opens.push({ token, at: this.clock.now(), request });
    if (this.opens.length >= MAX_QUEUED_OPENS) {
      this.track(this.writeOpens(), 'open');
      return;
    }
    // Opens gather for openBatchMs and go in one transaction: a pixel costs a row, not a commit.
    this.openTimer ??= setTimeout(() => this.track(this.writeOpens(), 'open'), this.opts.openBatchMs);
  }

  /** A tracked link was followed: the URL stored for that message and link, or `undefined` (a 404). */
  async click(token: string, request: TrackedRequest): Promise<string | undefined> {
    const payload = verifyToken(this.secret, token, 'c');
    if (!payload || payload.link === undefined) return undefined;
    const message = await this.message(payload.trackKey.toString('hex'));
    const url = message?.links[payload.link];
    if (!message || url === undefined) return undefined;
    const at = this.clock.now();
    this.pending.push({ message, link: payload.link, at, request });
    // Only a message with several links can have all of them clicked in a burst.
    if (message.links.length > 1) {
      const seen = this.recent.get(message.trackKey) ?? [];
      seen.push({ atMs: at, link: payload.link });
      this.recent.set(message.trackKey, seen);
    }
    this.holdTimer ??= setTimeout(() => this.judgeClicks(), this.opts.clickHoldMs);
    return url;
  }

  /** The address an unsubscribe token stands for, to show on the confirmation page; `undefined` if forged. */
  async unsubscribeTarget(token: string): Promise<TrackedMessage | undefined> {
    const payload = verifyToken(this.secret, token, 'u');
    return payload && this.message(payload.trackKey.toString('hex'));
  }

  /** Unsubscribes the recipient of the message the token names; answers false for a forged or unknown token. */
  async unsubscribe(token: string): Promise<boolean> {
    const message = await this.unsubscribeTarget(token);
    if (!message) return false;
    await this.blocklist.unsubscribeRecipient(message.workspaceId, message.toEmail);
    this.track(
      this.notify([
        {
          kind: 'unsubscribed',
          workspaceId: message.workspaceId,
          message,
          email: message.toEmail,
          at: this.clock.now(),
        },
      ]),
      'unsubscribe notice',
    );
    return true;
  }

  /** Judges and writes every held click and queued open now (SIGTERM, tests). */
  async flush(): Promise<void> {
    this.judgeClicks();
    await this.writeOpens();
    while (this.writes.size > 0) await Promise.allSettled([...this.writes]);
    await this.engagements.flush();
  }

  private judgeClicks(): void {
    if (this.holdTimer) clearTimeout(this.holdTimer);
    this.holdTimer = undefined;
    const clicks = this.pending;
    this.pending = [];
    const now = this.clock.now();
    for (const [key, seen] of this.recent) {
      // A click is judged clickHoldMs after it came and its burst may have begun a burst's span before:
      // older clicks can no longer be part of one.
      const fresh = seen.filter((c) => now - c.atMs <= this.opts.clickHoldMs + 2 * ALL_LINKS_BURST_MS);
      if (fresh.length === 0) this.recent.delete(key);
      else this.recent.set(key, fresh);
    }
    const events: JudgedEvent[] = [];
    for (const c of clicks) {
      // The burst rule looks at clicks within ALL_LINKS_BURST_MS of this one; others are not handed over.
      const others = (this.recent.get(c.message.trackKey) ?? []).filter(
        (o) => Math.abs(o.atMs - c.at) <= ALL_LINKS_BURST_MS && !(o.atMs === c.at && o.link === c.link),
      );
      const verdict = classifyClick({
        userAgent: c.request.userAgent,
        method: c.request.method,
        secondsSinceDelivery: secondsSince(c.message, c.at),
        otherClicksOfMessage: others,
        atMs: c.at,
        link: c.link,
        linkCount: c.message.links.length,
      });
      events.push(this.event(c.message, 'click', c.at, verdict, c.message.links[c.link]));
    }
    this.record(events);
  }

  private async writeOpens(): Promise<void> {
    if (this.openTimer) clearTimeout(this.openTimer);
    this.openTimer = undefined;
    const items: (RawOpen & { key: string })[] = [];
    for (const o of this.opens) {
      const payload = verifyToken(this.secret, o.token, 'o');
      if (payload) items.push({ ...o, key: payload.trackKey.toString('hex') });
    }
    this.opens = [];
    if (items.length === 0) return;
    const messages = await this.messages(items.map((i) => i.key));
    const events: JudgedEvent[] = [];
    for (const o of items) {
      const message = messages.get(o.key);
      if (!message) continue;
      const verdict = classifyOpen({
        userAgent: o.request.userAgent,
        method: o.request.method,
        ...(o.request.ip ? { ip: o.request.ip } : {}),
        secondsSinceDelivery: secondsSince(message, o.at),
      });
      events.push(this.event(message, 'open', o.at, verdict));
    }
    this.record(events);
  }

  private event(
    m: TrackedMessage,
    kind: 'open' | 'click',
    at: number,
    verdict: TrafficVerdict,
    url?: string,
  ): JudgedEvent {
    return {
      message: m,
      reason: verdict.reason,
      leadId: m.leadId,
      human: !verdict.machine,
      activity: {
        workspace_id: m.workspaceId,
        kind,
        time: at,
        sequence_id: m.sequenceId,
        lead_id: m.leadId,
        recipient_email: m.toEmail,
        subject: m.subject,
        step: m.emailNumber,
        template_name: m.templateName,
        sender_email: m.senderEmail,
        message_id: m.messageId,
        machine: verdict.machine ? 1 : 0,
        machine_reason: verdict.reason,
        ...(url !== undefined ? { url } : {}),
      },
    };
  }

  /** Writes judged events in one transaction, then announces them. */
  private record(events: JudgedEvent[]): void {
    if (events.length === 0) return;
    const written = this.engagements.add(events).then(() =>
      this.notify(
        events.map((e) => ({
          kind: e.activity.kind === 'open' ? ('opened' as const) : ('clicked' as const),
          workspaceId: e.message.workspaceId,
          message: e.message,
          email: e.message.toEmail,
          machine: !e.human,
          machineReason: e.reason,
          ...(e.activity.url !== undefined ? { url: e.activity.url } : {}),
          at: e.activity.time,
        })),
      ),
    );
    this.track(written, events[0]!.activity.kind);
  }

  /** Keeps a background write in view for `flush`, and logs (never throws) its failure. */
  private track(p: Promise<unknown>, what: string): void {
    const tracked = p.catch((err: unknown) => this.log(err, `recording a tracked ${what} failed`));
    this.writes.add(tracked);
    void tracked.finally(() => this.writes.delete(tracked));
  }

  private async message(key: string): Promise<TrackedMessage | undefined> {
    return (await this.messages([key])).get(key);
  }

  /** Messages by track key, from memory when seen lately, else in one query. */
  private async messages(keys: string[]): Promise<Map<string, TrackedMessage>> {
    const out = new Map<string, TrackedMessage>();
    const missing: string[] = [];
    for (const k of new Set(keys)) {
      const known = this.cache.get(k);
      if (known) out.set(k, known);
      else missing.push(k);
    }
    if (missing.length === 0) return out;
    for (const m of await this.store.tracking.messagesByKeys(missing)) {
      out.set(m.trackKey, m);
      // A message not yet recorded as sent is not cached: its time and `sent` record are still to come.
      if (m.sentAt === null) continue;
      this.cache.set(m.trackKey, m);
      if (this.cache.size > this.opts.cacheSize) this.cache.delete(this.cache.keys().next().value!);
    }
    return out;
  }
}

// An event before our own record of delivery (a scanner fetching during the SMTP session) counts as at once.
const secondsSince = (m: TrackedMessage, at: number): number => (m.sentAt === null ? 0 : (at - m.sentAt) / 1000);
