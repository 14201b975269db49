import { rememberedTokenCheck, verifyToken, type CheckedToken } from '../domain/tracking/index.js';
import type { Store } from '../store/store.js';
import type { TrackedMessage } from '../store/tracking.repo.js';
import type { BlocklistService } from './blocklist.js';
import type { Clock } from './ports.js';
import { TrackedMessages } from './tracked-messages.js';
import {
  DEFAULT_TRACKING_OPTIONS,
  type EngagementNotice,
  type EngagementRecorder,
  type TrackedRequest,
} from './tracking-recorder.js';

export type { EngagementNotice, TrackedRequest } from './tracking-recorder.js';

/**
 * Opens, clicks and unsubscribes from the links in sent emails: the answering side. The pixel and the
 * redirect answer at once and hand the event to the recorder, which judges (person or machine, with the
 * reason), writes and announces it later, never failing the response for a database hiccup. A click's
 * token and stored URL are checked here, since the answer depends on them; an open's token is checked
 * by the recorder with its batch (the answer is the same GIF either way).
 */
export class TrackingService {
  private readonly messages: TrackedMessages;
  /** click tokens checked, their verdicts remembered (`rememberedTokenCheck`) */
  private readonly checkedClicks: (token: string) => CheckedToken | undefined;

  constructor(
    store: Store,
    private readonly clock: Clock,
    private readonly secret: Buffer,
    private readonly blocklist: BlocklistService,
    private readonly recorder: EngagementRecorder,
    /** announces unsubscribes (webhooks) */
    private readonly notify: (n: EngagementNotice[]) => Promise<void> = async () => undefined,
    private readonly log: (err: unknown, what: string) => void = () => undefined,
    cacheSize = DEFAULT_TRACKING_OPTIONS.cacheSize,
  ) {
    this.messages = new TrackedMessages(store, cacheSize);
    this.checkedClicks = rememberedTokenCheck(secret, 'c', cacheSize);
  }

  /** An open pixel was fetched: handed to the recorder; the pixel never waits for it. */
  open(token: string, request: TrackedRequest): void {
    this.recorder.open({ token, at: this.clock.now(), request });
  }

  /** A tracked link was followed: the URL stored for that message and link, or `undefined` (a 404). */
  async click(token: string, request: TrackedRequest): Promise<string | undefined> {
    const payload = this.checkedClicks(token);
    return payload && this.follow(payload, await this.messages.one(payload.trackKey), request);
  }

  /**
   * `click` answered without waiting, for the fast path: the URL when the token is good and its message
   * is in memory (the click is then handed to the recorder), else `undefined` and nothing is recorded —
   * the caller asks `click` then.
   */
  clickFromMemory(token: string, request: TrackedRequest): string | undefined {
    const payload = this.checkedClicks(token);
    return payload && this.follow(payload, this.messages.inMemory(payload.trackKey), request);
  }

  private follow(
    payload: CheckedToken,
    message: TrackedMessage | undefined,
    request: TrackedRequest,
  ): string | undefined {
    const { trackKey, link } = payload;
    const links = message?.links;
    const url = link === undefined ? undefined : links?.[link];
    if (!links || link === undefined || url === undefined) return undefined;
    this.recorder.click({ trackKey, link, linkCount: links.length, at: this.clock.now(), request });
    return url;
  }

  /** The address an unsubscribe token stands for, to show on the confirmation page; `undefined` if forged. */
  async unsubscribeTarget(token: string): Promise<TrackedMessage | undefined> {
    const payload = verifyToken(this.secret, token, 'u');
    return payload && this.messages.one(payload.trackKey.toString('hex'));
  }

  /** Unsubscribes the recipient of the message the token names; answers false for a forged or unknown token. */
  async unsubscribe(token: string): Promise<boolean> {
    const message = await this.unsubscribeTarget(token);
    if (!message) return false;
    await this.blocklist.unsubscribeRecipient(message.workspaceId, message.toEmail);
    const notice: EngagementNotice = {
      kind: 'unsubscribed',
      workspaceId: message.workspaceId,
      message,
      email: message.toEmail,
      at: this.clock.now(),
    };
    // Announced before answering (an unsubscribe is rare), so a flush never misses it; a webhook problem
    // is logged and never fails the unsubscribe, which is already recorded.
    await this.notify([notice]).catch((err: unknown) => this.log(err, 'announcing an unsubscribe failed'));
    return true;
  }

  /** Writes every open and click handed over so far (SIGTERM, tests). */
  flush(): Promise<void> {
    return this.recorder.flush();
  }

  /** `flush`, then stops the recorder (its thread, when it has one). */
  close(): Promise<void> {
    return this.recorder.close();
  }
}
