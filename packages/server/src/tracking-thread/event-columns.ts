import type { AcceptedClick, RawOpen, TrackedRequest } from '../app/tracking-recorder.js';

/**
 * Opens and clicks as the serving thread posts them to the recording thread: a column per field
 * instead of an object per event. Posting copies by structured clone, which walks objects key by key:
 * 1,000 opens as objects cost ~2.5 µs each to copy and read back, as columns ~0.7 (docs/benchmarks.md).
 */
export interface EventColumns {
  opens: { token: string[]; at: number[]; request: RequestColumns };
  clicks: { trackKey: string[]; link: number[]; linkCount: number[]; at: number[]; request: RequestColumns };
}

interface RequestColumns {
  userAgent: (string | undefined)[];
  method: string[];
  ip: (string | undefined)[];
}

const requestColumns = (events: readonly { request: TrackedRequest }[]): RequestColumns => ({
  userAgent: events.map((e) => e.request.userAgent),
  method: events.map((e) => e.request.method),
  ip: events.map((e) => e.request.ip),
});

const requestAt = (r: RequestColumns, i: number): TrackedRequest => {
  const ip = r.ip[i];
  return { userAgent: r.userAgent[i], method: r.method[i]!, ...(ip === undefined ? {} : { ip }) };
};

export function toColumns(opens: readonly RawOpen[], clicks: readonly AcceptedClick[]): EventColumns {
  return {
    opens: { token: opens.map((o) => o.token), at: opens.map((o) => o.at), request: requestColumns(opens) },
    clicks: {
      trackKey: clicks.map((c) => c.trackKey),
      link: clicks.map((c) => c.link),
      linkCount: clicks.map((c) => c.linkCount),
      at: clicks.map((c) => c.at),
      request: requestColumns(clicks),
    },
  };
}

export function opensOf(columns: EventColumns): RawOpen[] {
  const { token, at, request } = columns.opens;
  return token.map((t, i) => ({ token: t, at: at[i]!, request: requestAt(request, i) }));
}

export function clicksOf(columns: EventColumns): AcceptedClick[] {
  const { trackKey, link, linkCount, at, request } = columns.clicks;
  return trackKey.map((k, i) => ({
    trackKey: k,
    link: link[i]!,
    linkCount: linkCount[i]!,
    at: at[i]!,
    request: requestAt(request, i),
  }));
}
