import { standardFieldOf, type StandardContactField } from '@blinkpost/contract';
import { invalid } from './app-error.js';
import { emailProblem } from './email-address.js';

/** A contact after its keys were matched: standard fields by canonical name, the rest kept as given. */
export interface NormalisedContact {
  email: string;
  standard: Partial<Record<StandardContactField, string>>;
  custom: Record<string, string>;
}

/** The outcome for one contact of a batch: kept, or reported with the reason. */
export type ContactOutcome = { ok: true; contact: NormalisedContact } | { ok: false; email: string; reason: string };

/** The snake_case column name a list shows for a field. */
export const columnName = (field: string): string => standardFieldOf(field)?.toLowerCase() ?? field;

/** A field value as stored: strings trimmed, numbers and booleans as text, null and undefined as unset. */
export function fieldValue(value: unknown, path: string): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw invalid(path, 'must be a string, number or boolean');
}

/**
 * Matches one contact's keys to fields and checks its email.
 * A value of the wrong type is the client's bug (400 naming the field); a bad email only skips the contact.
 */
export function normaliseContact(raw: Record<string, unknown>, path: string): ContactOutcome {
  const standard: Partial<Record<StandardContactField, string>> = {};
  const custom: Record<string, string> = {};
  for (const [key, rawValue] of Object.entries(raw)) {
    const name = key.trim();
    if (name === '') continue;
    const value = fieldValue(rawValue, `${path}.${key}`);
    if (value === undefined) continue;
    const field = standardFieldOf(name);
    // When two keys name one field (Phone and Phone_Number), the later non-empty value wins.
    if (field) {
      if (value !== '' || standard[field] === undefined) standard[field] = value;
    } else {
      custom[name] = value;
    }
  }
  const email = standard.Email ?? '';
  if (email === '') return { ok: false, email: '', reason: 'Email is missing' };
  const problem = emailProblem(email);
  if (problem) return { ok: false, email, reason: `Email ${problem}` };
  return { ok: true, contact: { email, standard, custom } };
}
