import type { MaintenanceBody, MaintenanceState } from '@blinkpost/contract';
import type { Requester } from './requester.js';

/** The server's maintenance switch (admin keys only); while it is on every other call answers 503. */
export class MaintenanceApi {
  constructor(private readonly http: Requester) {}

  /** Whether maintenance mode is on, and the `Retry-After` it answers. */
  async get(): Promise<MaintenanceState> {
    return (await this.http.request<MaintenanceState>('GET', '/maintenance')).data;
  }

  /** Turns maintenance mode on (with `retry_after` seconds, default 300) or off. */
  async set(body: MaintenanceBody): Promise<MaintenanceState> {
    return (await this.http.request<MaintenanceState>('PUT', '/maintenance', { body })).data;
  }
}
