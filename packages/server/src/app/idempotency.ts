import { randomUUID } from 'node:crypto';
import {
  IDEMPOTENCY_LEASE_MS,
  IDEMPOTENCY_TTL_MS,
  isReplayable,
  judgeEarlierAttempt,
  normalisePath,
  scopeId,
  type IdempotencyScope,
} from '../domain/idempotency.js';
import type { Store } from '../store/store.js';
import type { Clock } from './ports.js';

/** A request's hold on its key: what `finish` and `abandon` need. */
export interface IdempotencyClaim {
  id: string;
  holder: string;
}

/** An answer as kept for replay. */
export interface StoredAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** What a request with an Idempotency-Key does: run (it holds the key), replay, or refuse. */
export type IdempotencyStart =
  | { kind: 'run'; claim: IdempotencyClaim }
  | { kind: 'replay'; answer: StoredAnswer }
  | { kind: 'in_flight'; retryAfterSeconds: number }
  | { kind: 'reused' };

// Expired records are deleted at most this often per process, by whichever request comes along.
const PRUNE_EVERY_MS = 60_000;
// A race lost on every try (another request claiming, answering or expiring the key meanwhile) is rare;
// after this many the request is told the key is busy.
const MAX_TRIES = 4;

/** Idempotency-Key: the first request with a key runs, the same request again gets its answer. */
export class IdempotencyService {
  private lastPrune = 0;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** Claims the key for a request with this fingerprint, or says what to answer instead. */
  async begin(scope: IdempotencyScope, fingerprint: string): Promise<IdempotencyStart> {
    const repo = this.store.idempotency;
    await this.pruneNowAndThen();
    const id = scopeId(scope);
    const holder = randomUUID();
    const claim = {
      id,
      holder,
      workspaceId: scope.workspaceId,
      method: scope.method.toUpperCase(),
      path: normalisePath(scope.path),
      key: scope.key,
      fingerprint,
    };
    for (let i = 0; i < MAX_TRIES; i += 1) {
      const now = this.clock.now();
      if (await repo.claim(claim, now, now + IDEMPOTENCY_LEASE_MS)) return { kind: 'run', claim: { id, holder } };
      const earlier = await repo.get(id);
      if (!earlier) continue;
      switch (judgeEarlierAttempt(earlier, fingerprint, now)) {
        case 'expired':
          await repo.removeIfOlder(id, now - IDEMPOTENCY_TTL_MS);
          continue;
        case 'reused':
          return { kind: 'reused' };
        case 'replay':
          return {
            kind: 'replay',
            answer: { status: earlier.status ?? 200, headers: earlier.headers, body: earlier.body },
          };
        case 'in_flight':
          return { kind: 'in_flight', retryAfterSeconds: 1 };
        case 'abandoned':
          if (await repo.takeOver(id, earlier.holder, holder, now, now + IDEMPOTENCY_LEASE_MS)) {
            return { kind: 'run', claim: { id, holder } };
          }
          continue;
      }
    }
    return { kind: 'in_flight', retryAfterSeconds: 1 };
  }

  /** Keeps the answer of the request holding the key; a server error gives the key up instead. */
  async finish(claim: IdempotencyClaim, answer: StoredAnswer): Promise<void> {
    if (!isReplayable(answer.status)) return this.abandon(claim);
    await this.store.idempotency.complete(claim.id, claim.holder, answer.status, answer.headers, answer.body);
  }

  /** Gives the key up without an answer, so the next request with it runs. */
  async abandon(claim: IdempotencyClaim): Promise<void> {
    await this.store.idempotency.release(claim.id, claim.holder);
  }

  private async pruneNowAndThen(): Promise<void> {
    const now = this.clock.now();
    if (Math.abs(now - this.lastPrune) < PRUNE_EVERY_MS) return;
    this.lastPrune = now;
    await this.store.idempotency.prune(now - IDEMPOTENCY_TTL_MS);
  }
}
