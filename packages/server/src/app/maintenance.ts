import type { MaintenanceState } from '@blinkpost/contract';
import type { Store } from '../store/store.js';
import { SERVER_SCOPE } from '../store/setting.repo.js';
import type { Clock } from './ports.js';

const OFF: MaintenanceState = { enabled: false, retry_after: 300 };
// Other processes see a switch within this time; the process that flips it sees it at once.
const REFRESH_MS = 1_000;

/** The server-wide maintenance switch, kept in the database so every process obeys it. */
export class MaintenanceService {
  private state: MaintenanceState = OFF;
  private readAt = -Infinity;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** Whether the server is in maintenance, as of at most a second ago. */
  async current(): Promise<MaintenanceState> {
    const now = this.clock.now();
    if (now - this.readAt >= REFRESH_MS) {
      const raw = await this.store.settings.get(SERVER_SCOPE, 'maintenance');
      this.state = raw ? (JSON.parse(raw) as MaintenanceState) : OFF;
      this.readAt = now;
    }
    return this.state;
  }

  /** Turns maintenance on or off. */
  async set(enabled: boolean, retryAfter = OFF.retry_after): Promise<MaintenanceState> {
    const state = { enabled, retry_after: retryAfter };
    await this.store.settings.set(SERVER_SCOPE, 'maintenance', JSON.stringify(state));
    this.state = state;
    this.readAt = this.clock.now();
    return state;
  }
}
