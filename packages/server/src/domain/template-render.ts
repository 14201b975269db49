import { compile, type HtmlToTextOptions } from 'html-to-text';
import { Liquid, type Template } from 'liquidjs';
import { fieldKey, standardFieldOf } from '@blinkpost/contract';
import { boundedMemo } from './bounded-memo.js';
import { allSpintaxOptions, spin, type Choose } from './spintax.js';

/** A template to render: a subject line and an HTML body, both Liquid with spintax. */
export interface TemplateSource {
  subject: string;
  html: string;
}

/** A lead's fields by the names they were stored under (`First_Name`, `Lead_Score`, …). */
export type TemplateVariables = Readonly<Record<string, string>>;

/** How to render: the spintax choice and the link `{{unsubscribe_link}}` stands for. */
export interface RenderOptions {
  choose: Choose;
  unsubscribeLink?: string;
}

/** A rendered email: one-line subject, HTML body, and the plain-text part made from it. */
export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/**
 * The outcome of rendering for one lead. Not ok when a variable the template needs has no value
 * and no `default` (the engine holds the send and shows `problem`), or the template cannot run;
 * `draft` then shows the email with the missing variables left visible as `{{name}}`.
 */
export type RenderOutcome =
  ({ ok: true } & RenderedEmail) | { ok: false; missing: string[]; problem: string; draft?: RenderedEmail };

/** The variable that stands for the unsubscribe link; never read from a lead's fields. */
export const UNSUBSCRIBE_VARIABLE = 'unsubscribe_link';

// No file system (lookups stay in memory and the tags that read other templates are removed),
// unknown filters are errors, undefined variables throw unless guarded by `if` or `default`, and
// limits keep a hostile template cheap.
const LIQUID_OPTIONS = {
  templates: {},
  strictVariables: true,
  lenientIf: true,
  strictFilters: true,
  ownPropertyOnly: true,
  parseLimit: 2_000_000,
  renderLimit: 1_000,
  memoryLimit: 10_000_000,
} as const;
const plainLiquid = withoutFileTags(new Liquid(LIQUID_OPTIONS));
const htmlLiquid = withoutFileTags(new Liquid({ ...LIQUID_OPTIONS, outputEscape: 'escape' }));

/** A parsed template and the variables it reads from outside. */
interface Parsed {
  engine: Liquid;
  tpl: Template[];
  globals: string[];
}

// A step's template spins into a handful of texts; each is parsed once, not once per lead.
const parserOf = (engine: Liquid) =>
  boundedMemo((source: string): Parsed => {
    const tpl = engine.parse(source);
    return { engine, tpl, globals: engine.globalVariablesSync(tpl) };
  });
const parsePlain = parserOf(plainLiquid);
const parseHtml = parserOf(htmlLiquid);

// A template is one piece of text: tags that read other templates are not there (a parse error).
function withoutFileTags(engine: Liquid): Liquid {
  for (const tag of ['include', 'render', 'layout']) delete engine.tags[tag];
  return engine;
}

// Images (tracking pixels, logos) say nothing in plain text; headings keep the writer's case.
const TEXT_OPTIONS: HtmlToTextOptions = {
  wordwrap: false,
  selectors: [
    { selector: 'img', format: 'skip' },
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
    ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((h) => ({ selector: h, options: { uppercase: false } })),
  ],
};

/** The plain-text part of an HTML body (options compiled once: converting is the hot path of a send). */
export const htmlToText: (html: string) => string = compile(TEXT_OPTIONS);

/** A lead's standard and custom fields as one set of template variables. */
export const leadVariables = (
  standard: Readonly<Record<string, string>>,
  custom: Readonly<Record<string, string>>,
): TemplateVariables => ({ ...custom, ...standard });

// `company`, `Company_Name` and `companyName` name one field; custom fields match by `fieldKey`.
const variableKey = (name: string): string => fieldKey(standardFieldOf(name) ?? name);

function lookupOf(vars: TemplateVariables, unsubscribeLink: string | undefined): (name: string) => string | undefined {
  const byKey = new Map<string, string>();
  for (const [name, value] of Object.entries(vars)) {
    if (value.trim() !== '') byKey.set(variableKey(name), value);
  }
  const unsubscribeKey = variableKey(UNSUBSCRIBE_VARIABLE);
  byKey.delete(unsubscribeKey);
  if (unsubscribeLink) byKey.set(unsubscribeKey, unsubscribeLink);
  return (name) => byKey.get(variableKey(name));
}

/** A header must be one line: line breaks become spaces and control characters go (no header injection). */
export const oneLine = (s: string): string =>
  s
    .replace(/\s*[\r\n\u0085\u2028\u2029]+\s*/g, ' ')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .trim();

/** Why a template cannot be parsed (Liquid syntax, unknown filter), or `undefined` when it can. */
export function templateProblem(source: string, html = true): string | undefined {
  try {
    (html ? parseHtml : parsePlain)(allSpintaxOptions(source));
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

const UNDEFINED_VARIABLE = /^undefined variable: (.+?)(?:, line:\d+, col:\d+)?$/;

function undefinedVariableOf(err: unknown): string | undefined {
  if (!(err instanceof Error)) return undefined;
  const inner = (err as { originalError?: unknown }).originalError;
  const message = inner instanceof Error ? inner.message : err.message;
  return UNDEFINED_VARIABLE.exec(message)?.[1];
}

const rootOf = (path: string): string => path.split(/[.[]/, 1)[0] ?? path;

type PartOutcome = { out: string; missing: string[] } | { problem: string; missing: string[] };

// Renders once per missing variable at most: each undefined one found is recorded, given a visible
// placeholder, and the render runs again, so every missing name is reported, not only the first.
function renderPart(
  parse: (source: string) => Parsed,
  source: string,
  lookup: (name: string) => string | undefined,
): PartOutcome {
  let parsed: Parsed;
  try {
    parsed = parse(source);
  } catch (err) {
    return { problem: err instanceof Error ? err.message : String(err), missing: [] };
  }
  const { engine, tpl } = parsed;
  const scope = Object.create(null) as Record<string, string>;
  for (const name of parsed.globals) {
    const value = lookup(name);
    if (value !== undefined) scope[name] = value;
  }
  const missing: string[] = [];
  for (;;) {
    try {
      return { out: engine.renderSync(tpl, scope) as string, missing };
    } catch (err) {
      const name = undefinedVariableOf(err);
      if (name === undefined) return { problem: err instanceof Error ? err.message : String(err), missing };
      if (!missing.includes(name)) missing.push(name);
      const root = rootOf(name);
      if (root in scope) return { problem: `${name} has no value`, missing };
      scope[root] = `{{${name}}}`;
    }
  }
}

const dedupeByKey = (names: string[]): string[] => {
  const seen = new Set<string>();
  return names.filter((n) => {
    const k = variableKey(n);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
};

/**
 * Renders a template for one lead: spintax first (lead values are never spun), then Liquid, with
 * values HTML-escaped in the body and not in the subject; the text part is made from the HTML.
 */
export function renderTemplate(source: TemplateSource, vars: TemplateVariables, opts: RenderOptions): RenderOutcome {
  const lookup = lookupOf(vars, opts.unsubscribeLink);
  const subject = renderPart(parsePlain, spin(source.subject, opts.choose, 'subject'), lookup);
  const html = renderPart(parseHtml, spin(source.html, opts.choose, 'html'), lookup);
  const missing = dedupeByKey([...subject.missing, ...html.missing]);
  if ('problem' in subject) return { ok: false, missing, problem: `subject: ${subject.problem}` };
  if ('problem' in html) return { ok: false, missing, problem: `content: ${html.problem}` };
  const email: RenderedEmail = { subject: oneLine(subject.out), html: html.out, text: htmlToText(html.out) };
  if (missing.length === 0) return { ok: true, ...email };
  return {
    ok: false,
    missing,
    problem: `the lead has no value for ${missing.join(', ')} and the template gives no default`,
    draft: email,
  };
}
