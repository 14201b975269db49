import { Type, type Static } from '@sinclair/typebox';
import { ListingQuery } from './paging.js';

/** Longest template name. */
export const MAX_TEMPLATE_NAME = 200;
/** Longest subject line (RFC 5322's line limit, less room for `Subject: `). */
export const MAX_SUBJECT_LINE = 900;
/** Largest template body, in characters. */
export const MAX_TEMPLATE_CONTENT = 1_000_000;

/** How a template scores as a cold email, and what the score counted (SalesBlink's `cold_email_score`). */
export const ColdEmailScore = Type.Object({
  score: Type.Integer({ minimum: 0, maximum: 100 }),
  rating: Type.String({ description: 'excellent (80+), good (60+), fair (40+) or poor' }),
  details: Type.Object({
    word_count: Type.Integer(),
    personalization_count: Type.Integer({ description: 'Liquid variables, the unsubscribe link not counted' }),
    link_count: Type.Integer({ description: 'links, the unsubscribe link not counted' }),
    image_count: Type.Integer(),
    question_count: Type.Integer(),
    spam_word_count: Type.Integer(),
  }),
});
export type ColdEmailScore = Static<typeof ColdEmailScore>;

/** An email template: Liquid variables (`{{first_name}}`, fallbacks with `default`) and spintax (`{Hi|Hello}`). */
export const Template = Type.Object({
  id: Type.String(),
  name: Type.String(),
  subject_line: Type.String(),
  content: Type.String({ description: 'HTML' }),
  owned_by: Type.String(),
  starred: Type.Boolean(),
  archived: Type.Boolean(),
  folder: Type.String({ description: 'folder id; "" when unfiled' }),
  created_at: Type.String({ description: 'ISO-8601 UTC' }),
  last_modified: Type.String({ description: 'ISO-8601 UTC' }),
  cold_email_score: ColdEmailScore,
});
export type Template = Static<typeof Template>;

const Name = Type.String({ minLength: 1, maxLength: MAX_TEMPLATE_NAME });
const SubjectLine = Type.String({
  maxLength: MAX_SUBJECT_LINE,
  description: 'Liquid and spintax; "" lets a follow-up keep the thread\'s subject',
});
const Content = Type.String({
  minLength: 1,
  maxLength: MAX_TEMPLATE_CONTENT,
  description: 'HTML with Liquid and spintax',
});
const Folder = Type.String({ maxLength: 200, description: 'folder id; "" unfiles' });

/** Body of `POST /v1.0.0/templates`. */
export const CreateTemplateBody = Type.Object(
  {
    name: Name,
    subject_line: SubjectLine,
    content: Content,
    folder: Type.Optional(Folder),
    starred: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: true },
);
export type CreateTemplateBody = Static<typeof CreateTemplateBody>;

/** Body of `PATCH /v1.0.0/templates/:id`: only the fields given change. */
export const UpdateTemplateBody = Type.Object(
  {
    name: Type.Optional(Name),
    subject_line: Type.Optional(SubjectLine),
    content: Type.Optional(Content),
    folder: Type.Optional(Folder),
    starred: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: true },
);
export type UpdateTemplateBody = Static<typeof UpdateTemplateBody>;

/** Body of `PUT /v1.0.0/templates/:id/archive`. */
export const ArchiveTemplateBody = Type.Object({ archived: Type.Boolean() });
export type ArchiveTemplateBody = Static<typeof ArchiveTemplateBody>;

/** Query of `GET /v1.0.0/templates`. */
export const ListTemplatesQuery = Type.Object({
  ...ListingQuery('case-insensitive part of the name or subject line'),
  folder: Type.Optional(Type.String({ description: 'only templates in this folder ("" for unfiled ones)' })),
  archived: Type.Optional(Type.Boolean({ description: 'only archived (true) or only live (false) templates' })),
});
export type ListTemplatesQuery = Static<typeof ListTemplatesQuery>;

/** Path of routes that take a template id. */
export const TemplateIdParams = Type.Object({ id: Type.String({ minLength: 1 }) });

/** Body of `POST /v1.0.0/templates/:id/preview` (ours). */
export const PreviewTemplateBody = Type.Object({ lead_id: Type.String({ minLength: 1 }) });
export type PreviewTemplateBody = Static<typeof PreviewTemplateBody>;

/**
 * A template rendered for one lead. When `sendable` is false the engine would hold the email:
 * `missing` names the variables without a value or a default, and `problem` says why in a sentence;
 * the subject and bodies then show each missing variable as `{{name}}`.
 */
export const TemplatePreview = Type.Object({
  template_id: Type.String(),
  lead_id: Type.String(),
  sendable: Type.Boolean(),
  missing: Type.Array(Type.String()),
  problem: Type.Optional(Type.String()),
  subject: Type.String(),
  html: Type.String(),
  text: Type.String(),
});
export type TemplatePreview = Static<typeof TemplatePreview>;
