import { INBOX_OUTCOMES } from '@blinkpost/contract';

/** The outcome labels a conversation can carry, as the options of a select (the inbox filter, a thread's label). */
export function OutcomeOptions() {
  return INBOX_OUTCOMES.map((o) => (
    <option key={o} value={o}>
      {o.replaceAll('-', ' ')}
    </option>
  ));
}
