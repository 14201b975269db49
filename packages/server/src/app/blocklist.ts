import { invalid, notFound } from '../domain/app-error.js';
import { emailKey, emailProblem } from '../domain/email-address.js';
import type { BlocklistTable } from '../store/schema.js';
import type { Store } from '../store/store.js';
import type { Clock, Principal } from './ports.js';

/** A blocklist entry as the v1 API shows it. */
export interface BlockEntry {
  id: string;
  email: string;
  type: 'email' | 'domain';
  source: string;
  created_at: string;
}

/** What a recipient's own unsubscribe did. */
export interface Unsubscribed {
  workspaceId: string;
  email: string;
  leadIds: string[];
}

// A domain as people type it in a blocklist: labels of letters, digits and hyphens, at least one dot.
const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

const toEntry = (r: BlocklistTable): BlockEntry => ({
  id: r.id,
  email: r.value,
  type: r.type,
  source: r.source,
  created_at: new Date(Number(r.created_at)).toISOString(),
});

/** An address or a domain, lower-cased, or the reason it is neither. */
export function blockValueOf(raw: string): { value: string; type: 'email' | 'domain' } | { problem: string } {
  const value = emailKey(raw).replace(/^@/, '');
  if (value.includes('@')) {
    const problem = emailProblem(value);
    return problem ? { problem } : { value, type: 'email' };
  }
  return DOMAIN.test(value) ? { value, type: 'domain' } : { problem: 'is neither an email address nor a domain' };
}

/**
 * The workspace blocklist (SalesBlink's account unsubscribe list): addresses and domains that are
 * never emailed again. The engine checks it in the transaction that reserves each send.
 */
export class BlocklistService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  async list(p: Principal, q: { search?: string; type?: 'email' | 'domain'; offset: number; limit: number }) {
    const rows = await this.store.blocklist.list(p.workspaceId, {
      ...(q.search ? { search: q.search } : {}),
      ...(q.type ? { type: q.type } : {}),
      window: { offset: q.offset, limit: q.limit },
    });
    return { entries: rows.map(toEntry), total: await this.store.blocklist.count(p.workspaceId, q.type) };
  }

  /**
   * Adds addresses and domains; a bad one is reported with its index and the rest are kept. Answers
   * the entries added and how many were there already.
   */
  async add(p: Principal, values: string[]) {
    const rejected: { index: number; value: string; problem: string }[] = [];
    const good: { value: string; type: 'email' | 'domain' }[] = [];
    values.forEach((raw, index) => {
      const v = blockValueOf(raw);
      if ('problem' in v) rejected.push({ index, value: raw, problem: v.problem });
      else good.push(v);
    });
    if (good.length === 0 && rejected.length > 0) {
      throw invalid(`emails[${rejected[0]!.index}]`, rejected[0]!.problem);
    }
    const added = await this.store.blocklist.add(
      p.workspaceId,
      good.map((g) => ({ ...g, source: 'api' })),
      this.clock.now(),
    );
    return { added: added.map(toEntry), alreadyBlocked: good.length - added.length, rejected };
  }

  /** Takes addresses or domains off the list; answers how many were removed. */
  async remove(p: Principal, values: string[]): Promise<number> {
    const keys = values.map((v) => emailKey(v).replace(/^@/, ''));
    return this.store.blocklist.removeValues(p.workspaceId, keys);
  }

  async removeById(p: Principal, id: string): Promise<void> {
    if (!(await this.store.blocklist.removeById(p.workspaceId, id))) throw notFound('blocklist entry', id);
  }

  async clear(p: Principal): Promise<number> {
    return this.store.blocklist.clear(p.workspaceId);
  }

  /** Whether an address is blocked, and by which entries (its own, its domain's). */
  async check(p: Principal, email: string) {
    const problem = emailProblem(email.trim());
    if (problem) throw invalid('email', problem);
    const entries = await this.store.blocklist.matching(p.workspaceId, emailKey(email));
    return { email: emailKey(email), blocked: entries.length > 0, entries: entries.map(toEntry) };
  }

  /**
   * A recipient unsubscribed (one-click POST, the confirmation page, or a reply asking to): the
   * address joins the blocklist, its leads become `unsubscribed`, and every pending step stops.
   */
  async unsubscribeRecipient(workspaceId: string, email: string): Promise<Unsubscribed> {
    const now = this.clock.now();
    const key = emailKey(email);
    await this.store.blocklist.add(workspaceId, [{ value: key, type: 'email', source: 'unsubscribe' }], now);
    const leadIds = await this.store.leads.setStatusByEmail(workspaceId, key, 'unsubscribed', now);
    await this.store.enrollments.stopForLeads(leadIds, 'unsubscribed', now);
    return { workspaceId, email: key, leadIds };
  }
}
