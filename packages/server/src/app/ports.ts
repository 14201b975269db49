/** The time, injected so tests move it instead of sleeping. */
export interface Clock {
  /** Unix milliseconds. */
  now(): number;
}

/** The machine's clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** Who is calling: the key's workspace and role. */
export interface Principal {
  workspaceId: string;
  workspaceName: string;
  keyId: string;
  role: 'admin' | 'member';
}
