import {
  ALL_LINKS_BURST_MS,
  classifyClick,
  classifyOpen,
  rememberedTokenCheck,
  type CheckedToken,
  type TrafficVerdict,
} from '../domain/tracking/index.js';
import type { Store } from '../store/store.js';
import type { EngagementEvent, TrackedMessage } from '../store/tracking.repo.js';
import { GroupCommit } from './group-commit.js';
import type { Clock } from './ports.js';
import { TrackedMessages } from './tracked-messages.js';

/** What the tracking endpoints tell about a request: enough to judge whether a person made it. */
export interface TrackedRequest {
  userAgent: string | undefined;
  method: string;
  ip?: string;
}

/** An engagement the rest of the product hears about (webhooks, /metrics). */
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

/** A pixel fetch as it came: its token is checked with its batch (a forged one is dropped there). */
export interface RawOpen {
  token: string;
  at: number;
  request: TrackedRequest;
}

/** A followed link, its token already checked and its URL answered. */
export interface AcceptedClick {
  trackKey: string;
  link: number;
  /** how many tracked links its message has */
  linkCount: number;
  at: number;
  request: TrackedRequest;
}

/**
 * Where the answering side hands opens and clicks: judged, written and announced later, on this
 * thread (`TrackingRecorder`) or on a thread of its own (`tracking-thread/threaded-recorder.ts`).
 */
export interface EngagementRecorder {
  open(open: RawOpen): void;
  click(click: AcceptedClick): void;
  /** resolves once everything handed over so far is written and announced (SIGTERM, tests) */
  flush(): Promise<void>;
  /** `flush`, then lets go of what it holds open */
  close(): Promise<void>;
}

/** Tuning; tests shorten the click hold. */
export interface TrackingOptions {
  /**
   * How long a click on a message of several links waits before it is judged, so a scanner walking every
   * link is seen whole. A click on a message of one link waits `openBatchMs`, as an open does.
   */
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

// Opens queued before a batch is written at once instead of waiting for its timer: a flood of pixel
// fetches (forged tokens included, checked only in the batch) holds at most this many in memory.
export const MAX_QUEUED_OPENS = 20_000;

/** A judged open or click with the message it belongs to, for the announcement after it is written. */
type JudgedEvent = EngagementEvent & { message: TrackedMessage; reason: string };

/**
 * Judges opens and clicks (person or machine, with the reason), writes them in batches (group commit)
 * and announces them once written. A database hiccup is logged, never thrown at the caller.
 */
export class TrackingRecorder implements EngagementRecorder {
  private readonly messages: TrackedMessages;
  private opens: RawOpen[] = [];
  private openTimer: NodeJS.Timeout | undefined;
  private readonly engagements = new GroupCommit<EngagementEvent[]>((batches) =>
    this.store.tracking.record(batches.flat()),
  );
  /** clicks on messages of several links, held for clickHoldMs; the others, for openBatchMs */
  private readonly clicks = {
    held: { pending: [] as AcceptedClick[], timer: undefined as NodeJS.Timeout | undefined },
    unheld: { pending: [] as AcceptedClick[], timer: undefined as NodeJS.Timeout | undefined },
  };
  private readonly recent = new Map<string, { atMs: number; link: number }[]>();
  private readonly writes = new Set<Promise<unknown>>();
  /** pixel tokens checked, their verdicts remembered (`rememberedTokenCheck`) */
  private readonly checkedOpens: (token: string) => CheckedToken | undefined;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    secret: Buffer,
    /** announces engagements (webhooks, /metrics), a batch at a time */
    private readonly notify: (n: EngagementNotice[]) => Promise<void>,
    private readonly log: (err: unknown, what: string) => void = () => undefined,
    private readonly opts: TrackingOptions = DEFAULT_TRACKING_OPTIONS,
  ) {
    this.messages = new TrackedMessages(store, opts.cacheSize);
    this.checkedOpens = rememberedTokenCheck(secret, 'o', opts.cacheSize);
  }

  open(open: RawOpen): void {
    this.opens.push(open);
    if (this.opens.length >= MAX_QUEUED_OPENS) {
      this.track(this.writeOpens(), 'open');
      return;
    }
    // Opens gather for openBatchMs and go in one transaction: a pixel costs a row, not a commit.
    this.openTimer ??= setTimeout(() => this.track(this.writeOpens(), 'open'), this.opts.openBatchMs);
  }

  click(click: AcceptedClick): void {
    // Only a message with several links can have all of them clicked in a burst: its clicks wait for the
    // burst to be seen whole. A click on a message of one link has nothing to wait for, and is written
    // with the next batch, as an open is.
    const held = click.linkCount > 1;
    if (held) {
      const seen = this.recent.get(click.trackKey) ?? [];
      seen.push({ atMs: click.at, link: click.link });
      this.recent.set(click.trackKey, seen);
    }
    const which = held ? 'held' : 'unheld';
    const queue = this.clicks[which];
    queue.pending.push(click);
    queue.timer ??= setTimeout(
      () => this.track(this.judgeClicks(which), 'click'),
      held ? this.opts.clickHoldMs : this.opts.openBatchMs,
    );
  }

  async flush(): Promise<void> {
    this.track(this.judgeClicks('held'), 'click');
    this.track(this.judgeClicks('unheld'), 'click');
    this.track(this.writeOpens(), 'open');
    while (this.writes.size > 0) await Promise.allSettled([...this.writes]);
    await this.engagements.flush();
  }

  close(): Promise<void> {
    return this.flush();
  }

  private async judgeClicks(which: 'held' | 'unheld'): Promise<void> {
    const queue = this.clicks[which];
    if (queue.timer) clearTimeout(queue.timer);
    queue.timer = undefined;
    const clicks = queue.pending;
    queue.pending = [];
    const now = this.clock.now();
    for (const [key, seen] of this.recent) {
      // A click is judged clickHoldMs after it came and its burst may have begun a burst's span before:
      // older clicks can no longer be part of one.
      const fresh = seen.filter((c) => now - c.atMs <= this.opts.clickHoldMs + 2 * ALL_LINKS_BURST_MS);
      if (fresh.length === 0) this.recent.delete(key);
      else this.recent.set(key, fresh);
    }
    await this.judgeEach(
      clicks,
      (c) => c.trackKey,
      (c, message) => {
        // The burst rule looks at clicks within ALL_LINKS_BURST_MS of this one; others are not handed over.
        const others = (this.recent.get(c.trackKey) ?? []).filter(
          (o) => Math.abs(o.atMs - c.at) <= ALL_LINKS_BURST_MS && !(o.atMs === c.at && o.link === c.link),
        );
        const verdict = classifyClick({
          userAgent: c.request.userAgent,
          method: c.request.method,
          secondsSinceDelivery: secondsSince(message, c.at),
          otherClicksOfMessage: others,
          atMs: c.at,
          link: c.link,
          linkCount: message.links.length,
        });
        return judged(message, 'click', c.at, verdict, message.links[c.link]);
      },
    );
  }

  private async writeOpens(): Promise<void> {
    if (this.openTimer) clearTimeout(this.openTimer);
    this.openTimer = undefined;
    const items: (RawOpen & { key: string })[] = [];
    for (const o of this.opens) {
      const checked = this.checkedOpens(o.token);
      if (checked) items.push({ ...o, key: checked.trackKey });
    }
    this.opens = [];
    await this.judgeEach(
      items,
      (o) => o.key,
      (o, message) =>
        judged(
          message,
          'open',
          o.at,
          classifyOpen({
            userAgent: o.request.userAgent,
            method: o.request.method,
            ...(o.request.ip ? { ip: o.request.ip } : {}),
            secondsSinceDelivery: secondsSince(message, o.at),
          }),
        ),
    );
  }

  /**
   * Judges each event whose message is known (by its track key; an unknown one is dropped), then
   * writes them in one transaction and announces them.
   */
  private async judgeEach<T>(
    items: T[],
    keyOf: (item: T) => string,
    judge: (item: T, message: TrackedMessage) => JudgedEvent,
  ): Promise<void> {
    if (items.length === 0) return;
    const messages = await this.messages.many(items.map(keyOf));
    const events: JudgedEvent[] = [];
    for (const item of items) {
      const message = messages.get(keyOf(item));
      if (message) events.push(judge(item, message));
    }
    if (events.length === 0) return;
    const written = this.engagements.add(events).then(() => this.notify(events.map(noticeOf)));
    this.track(written, events[0]!.activity.kind);
  }

  /** Keeps a background write in view for `flush`, and logs (never throws) its failure. */
  private track(p: Promise<unknown>, what: string): void {
    const tracked = p.catch((err: unknown) => this.log(err, `recording a tracked ${what} failed`));
    this.writes.add(tracked);
    void tracked.finally(() => this.writes.delete(tracked));
  }
}

function judged(
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
      recipient_key: m.toKey,
      subject: m.subject,
      step: m.emailNumber,
      template_name: m.templateName,
      sender_email: m.senderEmail,
      message_id: m.messageId,
      machine: verdict.machine ? 1 : 0,
      machine_reason: verdict.reason,
      // always present (an open's is empty), so that every event has one shape
      url: url ?? '',
    },
  };
}

const noticeOf = (e: JudgedEvent): EngagementNotice => ({
  kind: e.activity.kind === 'open' ? 'opened' : 'clicked',
  workspaceId: e.message.workspaceId,
  message: e.message,
  email: e.message.toEmail,
  machine: !e.human,
  machineReason: e.reason,
  ...(e.activity.kind === 'click' ? { url: e.activity.url ?? '' } : {}),
  at: e.activity.time,
});

// An event before our own record of delivery (a scanner fetching during the SMTP session) counts as at once.
const secondsSince = (m: TrackedMessage, at: number): number => (m.sentAt === null ? 0 : (at - m.sentAt) / 1000);
