import type { AddContactsBody, AddContactsResult, RemoveContactBody } from '@blinkpost/contract';
import { columnName, normaliseContact, type NormalisedContact } from '../domain/contact-fields.js';
import { emailKey } from '../domain/email-address.js';
import type { NewLead } from '../store/lead.repo.js';
import type { Store } from '../store/store.js';
import type { ListService } from './lists.js';
import type { Clock, Principal } from './ports.js';

/** What adding contacts did, with the sentence the API answers. */
export interface AddContactsOutcome {
  result: AddContactsResult;
  message: string;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Adding leads to lists and removing them. */
export class ContactService {
  constructor(
    private readonly store: Store,
    private readonly lists: ListService,
    private readonly clock: Clock,
  ) {}

  /**
   * Adds a batch of contacts to a list. Bad emails are reported by index and skipped; the
   * rest are committed together. A field of the wrong type fails the whole request.
   */
  async add(p: Principal, body: AddContactsBody): Promise<AddContactsOutcome> {
    const list = await this.lists.require(p, body.list_id);
    const invalid: AddContactsResult['invalid'] = [];
    const valid: NormalisedContact[] = [];
    body.contacts.forEach((raw, index) => {
      const outcome = normaliseContact(raw, `contacts[${index}]`);
      if (outcome.ok) valid.push(outcome.contact);
      else invalid.push({ index, email: outcome.email, reason: outcome.reason });
    });
    // A list set to remove duplicates (PATCH /lists/:id) does so unless the request says otherwise.
    const dedupe = body.remove_duplicates ?? list.settings['duplicate_removal'] === true;
    let duplicates = 0;
    const choose = (existing: ReadonlySet<string> | undefined): NewLead[] => {
      const seen = new Set(existing);
      const chosen: NewLead[] = [];
      duplicates = 0;
      for (const c of valid) {
        const key = emailKey(c.email);
        if (dedupe && seen.has(key)) {
          duplicates += 1;
          continue;
        }
        seen.add(key);
        chosen.push({ email: c.email, emailKey: key, standard: c.standard, custom: c.custom });
      }
      return chosen;
    };
    const columns = columnsOf(valid);
    const added =
      valid.length === 0
        ? []
        : await this.store.leads.addToList(body.list_id, p.workspaceId, dedupe, columns, choose, this.clock.now());
    const parts = [`${plural(added.length, 'contact')} added`];
    if (duplicates > 0) parts.push(`${plural(duplicates, 'duplicate')} skipped`);
    if (invalid.length > 0) parts.push(`${plural(invalid.length, 'invalid contact')} skipped`);
    return {
      message: parts.join(', '),
      result: {
        list_id: body.list_id,
        added: added.length,
        duplicates,
        invalid,
        contacts: added.map((a) => ({ id: a.id, Email: a.email })),
      },
    };
  }

  /** Removes every lead of the list with this email; idempotent. */
  async remove(p: Principal, body: RemoveContactBody): Promise<{ list_id: string; email: string; removed: number }> {
    await this.lists.require(p, body.list_id);
    const removed = await this.store.leads.removeFromList(body.list_id, emailKey(body.email), this.clock.now());
    return { list_id: body.list_id, email: body.email, removed };
  }
}

function columnsOf(contacts: NormalisedContact[]): string[] {
  const names = new Set<string>();
  for (const c of contacts) {
    for (const f of Object.keys(c.standard)) names.add(columnName(f));
    for (const f of Object.keys(c.custom)) names.add(f);
  }
  return [...names];
}
