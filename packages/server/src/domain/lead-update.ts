import { fieldKey, standardFieldOf } from '@blinkpost/contract';
import { invalid } from './app-error.js';
import { columnName, fieldValue } from './contact-fields.js';
import { emailKey, emailProblem } from './email-address.js';

/** A lead's fields before a `PATCH /leads/:id`. */
export interface LeadFields {
  email: string;
  standard: Record<string, string>;
  custom: Record<string, string>;
}

/** The lead's fields after the patch, its star when given, and the column names the list gains. */
export interface LeadUpdate extends LeadFields {
  starred?: boolean;
  columns: string[];
}

// Fields SalesBlink keeps to itself (§2 of the reference): a PATCH naming them is not an error, they are ignored.
const IMMUTABLE = new Set(
  [
    '_id id list_id account_id user_id accuracy provider custom_fields removed_sequences verification_required',
    'archive_invalid_contacts archive_risky_contacts processing completed completedAt last_modified created_date',
    'verification_blocked didOpen didClick didReply contactStats retryCount esg_name archived deleted',
    'owned_by status created_at',
  ]
    .join(' ')
    .split(' ')
    .map(fieldKey),
);

/**
 * Applies a PATCH body to a lead's fields: standard fields are matched in any casing (as `POST /contacts`
 * does), other keys are custom fields (an existing one is matched in any casing), `null` unsets a field,
 * the email is checked and lower-cased, `starred` must be a boolean. A bad value is a 400 naming its key.
 */
export function applyLeadPatch(lead: LeadFields, body: Record<string, unknown>): LeadUpdate {
  const out: LeadUpdate = {
    email: lead.email,
    standard: { ...lead.standard },
    custom: { ...lead.custom },
    columns: [],
  };
  for (const [key, raw] of Object.entries(body)) {
    const name = key.trim();
    if (name === '' || IMMUTABLE.has(fieldKey(name))) continue;
    if (fieldKey(name) === 'starred') {
      if (typeof raw !== 'boolean') throw invalid(key, 'must be a boolean');
      out.starred = raw;
      continue;
    }
    const value = fieldValue(raw, key);
    const field = standardFieldOf(name);
    if (field === 'Email') {
      if (value === undefined || value === '') throw invalid(key, 'must not be empty');
      const problem = emailProblem(value);
      if (problem) throw invalid(key, problem);
      out.email = emailKey(value);
      out.standard['Email'] = out.email;
    } else if (field) {
      if (value === undefined) delete out.standard[field];
      else out.standard[field] = value;
      out.columns.push(columnName(field));
    } else {
      const existing = Object.keys(out.custom).find((k) => fieldKey(k) === fieldKey(name)) ?? name;
      if (value === undefined) delete out.custom[existing];
      else out.custom[existing] = value;
      out.columns.push(existing);
    }
  }
  return out;
}
