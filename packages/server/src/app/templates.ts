import type { CreateTemplateBody, Template, TemplatePreview, UpdateTemplateBody } from '@blinkpost/contract';
import { invalid, notFound } from '../domain/app-error.js';
import { coldEmailScore } from '../domain/cold-email-score.js';
import { seededChoice } from '../domain/spintax.js';
import { leadVariables, renderTemplate, templateProblem } from '../domain/template-render.js';
import { isoTime } from '../domain/time-filter.js';
import type { Listing } from '../store/listing.js';
import type { TemplateChanges, TemplateRecord } from '../store/template.repo.js';
import type { Store } from '../store/store.js';
import { checkedFolder } from './folders.js';
import type { Clock, Principal } from './ports.js';

/**
 * What `{{unsubscribe_link}}` shows in a preview: a reserved `.invalid` address, so a preview
 * can never be mistaken for, or used as, a real unsubscribe link.
 */
export const PREVIEW_UNSUBSCRIBE_LINK = 'https://unsubscribe.invalid/preview';

/** A stored template in the shape the API answers, with its cold-email score. */
export const toApiTemplate = (t: TemplateRecord): Template => ({
  id: t.id,
  name: t.name,
  subject_line: t.subjectLine,
  content: t.content,
  owned_by: t.ownedBy,
  starred: t.starred,
  archived: t.archived,
  folder: t.folder,
  created_at: isoTime(t.createdAt),
  last_modified: isoTime(t.lastModified),
  cold_email_score: coldEmailScore(t.subjectLine, t.content),
});

// A template that cannot be parsed would hold every send it is used in; refuse it at the door.
function checkSyntax(body: { subject_line?: string | undefined; content?: string | undefined }): void {
  if (body.subject_line !== undefined) {
    const problem = templateProblem(body.subject_line, false);
    if (problem) throw invalid('subject_line', `is not a valid template: ${problem}`);
  }
  if (body.content !== undefined) {
    const problem = templateProblem(body.content);
    if (problem) throw invalid('content', `is not a valid template: ${problem}`);
  }
}

function checkedName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '') throw invalid('name', 'must not be blank');
  return trimmed;
}

/** Email templates: Liquid variables with fallbacks, spintax, and a preview for one lead. */
export class TemplateService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** The caller's templates, latest first; archived ones included and flagged unless filtered. */
  async list(
    p: Principal,
    opts: Listing & { folder?: string | undefined; archived?: boolean | undefined } = {},
  ): Promise<Template[]> {
    const rows = await this.store.templates.list(p.workspaceId, { ...opts, folder: opts.folder?.trim() });
    return rows.map(toApiTemplate);
  }

  /** One template; 404 for an unknown id or another workspace's. */
  async get(p: Principal, id: string): Promise<Template> {
    return toApiTemplate(await this.require(p, id));
  }

  /** Creates a template; 400 naming `subject_line` or `content` when its Liquid does not parse. */
  async create(p: Principal, body: CreateTemplateBody): Promise<Template> {
    const name = checkedName(body.name);
    checkSyntax(body);
    const folder = await checkedFolder(this.store, p.workspaceId, body.folder);
    const rec = await this.store.templates.create(
      {
        workspaceId: p.workspaceId,
        name,
        subjectLine: body.subject_line,
        content: body.content,
        folder: folder ?? '',
        starred: body.starred ?? false,
        ownedBy: p.workspaceName,
      },
      this.clock.now(),
    );
    return toApiTemplate(rec);
  }

  /** Changes the fields given; `folder: ""` unfiles. */
  async update(p: Principal, id: string, body: UpdateTemplateBody): Promise<Template> {
    const current = await this.require(p, id);
    const folder = await checkedFolder(this.store, p.workspaceId, body.folder);
    const changes: TemplateChanges = {
      ...(body.name !== undefined ? { name: checkedName(body.name) } : {}),
      ...(body.subject_line !== undefined ? { subjectLine: body.subject_line } : {}),
      ...(body.content !== undefined ? { content: body.content } : {}),
      ...(folder !== undefined ? { folder } : {}),
      ...(body.starred !== undefined ? { starred: body.starred } : {}),
    };
    checkSyntax(body);
    if (Object.keys(changes).length === 0) return toApiTemplate(current);
    return toApiTemplate(await this.applied(p, id, changes));
  }

  /** Archives or restores a template. */
  async archive(p: Principal, id: string, archived: boolean): Promise<Template> {
    await this.require(p, id);
    return toApiTemplate(await this.applied(p, id, { archived }));
  }

  /**
   * Renders the template for one lead of the workspace, as the engine would send it (spintax
   * chosen by the lead's id, so a preview is stable). Missing variables are reported, not a 4xx:
   * the request was fine, the lead is what is short.
   */
  async preview(p: Principal, id: string, leadId: string): Promise<TemplatePreview> {
    const template = await this.require(p, id);
    const lead = await this.store.leads.get(p.workspaceId, leadId);
    if (!lead) throw notFound('lead', leadId);
    const outcome = renderTemplate(
      { subject: template.subjectLine, html: template.content },
      leadVariables({ Email: lead.email, ...lead.standard }, lead.custom),
      { choose: seededChoice(lead.id), unsubscribeLink: PREVIEW_UNSUBSCRIBE_LINK },
    );
    const base = { template_id: template.id, lead_id: lead.id };
    if (outcome.ok) {
      return { ...base, sendable: true, missing: [], subject: outcome.subject, html: outcome.html, text: outcome.text };
    }
    return {
      ...base,
      sendable: false,
      missing: outcome.missing,
      problem: outcome.problem,
      subject: outcome.draft?.subject ?? '',
      html: outcome.draft?.html ?? '',
      text: outcome.draft?.text ?? '',
    };
  }

  /** The stored template, or the 404 every route answers. */
  async require(p: Principal, id: string): Promise<TemplateRecord> {
    const template = await this.store.templates.get(p.workspaceId, id);
    if (!template) throw notFound('template', id);
    return template;
  }

  private async applied(p: Principal, id: string, changes: TemplateChanges): Promise<TemplateRecord> {
    const updated = await this.store.templates.update(p.workspaceId, id, changes, this.clock.now());
    if (!updated) throw notFound('template', id);
    return updated;
  }
}
