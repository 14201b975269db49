import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstOption, seededChoice } from '../../src/domain/spintax.js';
import {
  leadVariables,
  oneLine,
  renderTemplate,
  templateProblem,
  type RenderOutcome,
  type TemplateVariables,
} from '../../src/domain/template-render.js';

// A lead as the store keeps it: standard fields by canonical name, custom ones as given.
const ann = leadVariables(
  { Email: 'ann@example.com', First_Name: 'Ann', Company_Name: 'Acme & Sons', Job_Title: 'CTO', Last_Name: '' },
  { Lead_Score: '42', 'Favourite Tool': 'vim' },
);

const html = (content: string, vars: TemplateVariables = ann, unsubscribeLink?: string): RenderOutcome =>
  renderTemplate({ subject: 'Hi', html: content }, vars, {
    choose: firstOption,
    ...(unsubscribeLink ? { unsubscribeLink } : {}),
  });

const okHtml = (content: string, vars: TemplateVariables = ann, unsubscribeLink?: string): string => {
  const out = html(content, vars, unsubscribeLink);
  if (!out.ok) throw new Error(`expected a rendered email, got: ${out.problem}`);
  return out.html;
};

describe('variables from lead fields', () => {
  it.each([
    ['{{First_Name}}', 'Ann'],
    ['{{first_name}}', 'Ann'],
    ['{{FirstName}}', 'Ann'],
    ['{{FIRST_NAME}}', 'Ann'],
    ['{{ first-name }}', 'Ann'],
    ['{{email}}', 'ann@example.com'],
    ['{{Email}}', 'ann@example.com'],
    ['{{company}}', 'Acme &amp; Sons'],
    ['{{Company_Name}}', 'Acme &amp; Sons'],
    ['{{title}}', 'CTO'],
    ['{{job_title}}', 'CTO'],
    ['{{Lead_Score}}', '42'],
    ['{{lead_score}}', '42'],
    ['{{LeadScore}}', '42'],
    ['{{favourite_tool}}', 'vim'],
    ['{{ first_name | upcase }}', 'ANN'],
  ])('%s renders %s', (template, expected) => {
    expect(okHtml(template)).toBe(expected);
  });

  it.each([
    ['a missing field', '{{ phone | default: "no phone" }}', 'no phone'],
    ['an empty field', '{{ last_name | default: "there" }}', 'there'],
    ['a present field ignores the fallback', '{{ first_name | default: "there" }}', 'Ann'],
    ['a missing field guarded by if', '{% if phone %}call {{ phone }}{% else %}email{% endif %}', 'email'],
    ['a missing field guarded by unless', '{% unless phone %}none{% endunless %}', 'none'],
  ])('a fallback covers %s', (_name, template, expected) => {
    expect(okHtml(template)).toBe(expected);
  });
});

describe('missing variables hold the send', () => {
  it.each([
    ['an unknown field', 'Hi {{ phone }}', ['phone']],
    ['an empty field', 'Hi {{ Last_Name }}', ['Last_Name']],
    ['several, in order of use', '{{ city }} {{ phone }} {{ city }}', ['city', 'phone']],
    ['one field under two spellings, once', '{{ Phone }} {{ phone }}', ['Phone']],
    ['a field used with and without a default', '{{ phone | default: "x" }} {{ phone }}', ['phone']],
    ['a field of a field', '{{ lead.first_name }}', ['lead', 'lead.first_name']],
  ])('reports %s', (_name, template, missing) => {
    const out = html(template);
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.missing).toEqual(missing);
  });

  it('reports the subject and the body together, and says why in a sentence', () => {
    const out = renderTemplate({ subject: 'For {{ city }}', html: '<p>{{ phone }}</p>' }, ann, { choose: firstOption });
    expect(out).toMatchObject({
      ok: false,
      missing: ['city', 'phone'],
      problem: 'the lead has no value for city, phone and the template gives no default',
    });
  });

  it('drafts the email with each missing variable left visible', () => {
    const out = renderTemplate({ subject: 'For {{ city }}', html: '<p>Hi {{ first_name }}, {{ phone }}</p>' }, ann, {
      choose: firstOption,
    });
    expect(out).toMatchObject({
      ok: false,
      draft: { subject: 'For {{city}}', html: '<p>Hi Ann, {{phone}}</p>', text: 'Hi Ann, {{phone}}' },
    });
  });
});

describe('the unsubscribe link', () => {
  it('stands for the link given, escaped as an attribute value', () => {
    expect(okHtml('<a href="{{ unsubscribe_link }}">stop</a>', ann, 'https://x.test/u?a=1&b=2')).toBe(
      '<a href="https://x.test/u?a=1&amp;b=2">stop</a>',
    );
  });

  it('is missing when no link is given, so the engine never sends a blank one', () => {
    expect(html('{{ unsubscribe_link }}')).toMatchObject({ ok: false, missing: ['unsubscribe_link'] });
  });

  it('is never read from a lead field of the same name', () => {
    const vars = leadVariables({ Email: 'a@b.co' }, { Unsubscribe_Link: 'https://evil.test' });
    expect(html('{{ unsubscribe_link }}', vars)).toMatchObject({ ok: false, missing: ['unsubscribe_link'] });
    expect(okHtml('{{ unsubscribe_link }}', vars, 'https://ok.test')).toBe('https://ok.test');
  });
});

describe('escaping and the three parts', () => {
  const evil = leadVariables({ Email: 'e@x.co', First_Name: '<script>alert("x")</script>' }, {});

  it('escapes values in the HTML body, not in the subject or the text part', () => {
    const out = renderTemplate({ subject: 'Hi {{ first_name }}', html: '<p>Hi {{ first_name }}</p>' }, evil, {
      choose: firstOption,
    });
    expect(out).toEqual({
      ok: true,
      subject: 'Hi <script>alert("x")</script>',
      html: '<p>Hi &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;</p>',
      text: 'Hi <script>alert("x")</script>',
    });
  });

  it('lets the writer opt out with raw', () => {
    expect(okHtml('{{ first_name | raw }}', evil)).toBe('<script>alert("x")</script>');
  });

  it('makes the text part from the HTML: paragraphs, links, no images, headings as written', () => {
    const out = html(
      '<h1>Hello {{ first_name }}</h1><p>One</p><p>See <a href="https://acme.test/x">our page</a>.<img src="https://t.test/p.gif"></p>',
    );
    expect(out).toMatchObject({ ok: true, text: 'Hello Ann\n\nOne\n\nSee our page [https://acme.test/x].' });
  });

  it('keeps the subject on one line whatever the values hold', () => {
    const vars = leadVariables({ Email: 'e@x.co', First_Name: 'Ann\r\nBcc: victim@x.co' }, {});
    const out = renderTemplate({ subject: 'Hi\n{{ first_name }}\r\n', html: 'x' }, vars, { choose: firstOption });
    expect(out).toMatchObject({ ok: true, subject: 'Hi Ann Bcc: victim@x.co' });
  });

  it.each([
    ['a\r\nb', 'a b'],
    ['  a \n\n b  ', 'a b'],
    ['a\u2028b', 'a b'],
    ['a\u0000b\u0007c', 'abc'],
    ['a\tb', 'a\tb'],
  ])('oneLine(%j) is %j', (input, expected) => {
    expect(oneLine(input)).toBe(expected);
  });
});

describe('spintax with Liquid', () => {
  it('spins the template, never the lead values', () => {
    const vars = leadVariables({ Email: 'e@x.co', First_Name: '{Bob|Rob}', Last_Name: '{{ email }}' }, {});
    expect(okHtml('{Hi|Hello} {{ first_name }} {{ last_name }}', vars)).toBe('Hi {Bob|Rob} {{ email }}');
  });

  it('gives a lead the same choice every time, and leads different ones', () => {
    const source = { subject: '{Quick|Short|Brief} question', html: '{Hi|Hello|Hey} {{ first_name }}' };
    const render = (seed: string) => renderTemplate(source, ann, { choose: seededChoice(seed) });
    expect(render('lead-1:0')).toEqual(render('lead-1:0'));
    const subjects = new Set(Array.from({ length: 30 }, (_, i) => render(`lead-${i}:0`)).map((o) => o.ok && o.subject));
    expect(subjects.size).toBe(3);
  });

  it('renders Liquid inside the chosen option', () => {
    expect(okHtml('{Hi {{ first_name }}|Hello}')).toBe('Hi Ann');
  });
});

describe('templates that cannot run', () => {
  it.each([
    ['an unknown filter', '{{ first_name | defualt: "x" }}', /undefined filter: defualt/],
    ['an unclosed tag', '{% if x %}', /not closed/],
    ['a tag that reads a file', '{% include "/etc/passwd" %}', /tag "include" not found/],
    ['render', '{% render "x" %}', /tag "render" not found/],
    ['layout', '{% layout "x" %}', /tag "layout" not found/],
    ['a bad option of a spintax group', '{Hi|{{ x | nope }}}', /undefined filter: nope/],
  ])('%s is a problem at parse time', (_name, template, problem) => {
    expect(templateProblem(template)).toMatch(problem);
    const out = html(template);
    if (_name !== 'a bad option of a spintax group') expect(out).toMatchObject({ ok: false, missing: [] });
  });

  it('accepts a good template', () => {
    expect(templateProblem('{Hi|Hello} {{ first_name | default: "there" }}{% if x %}!{% endif %}')).toBeUndefined();
  });

  it('stops a runaway loop', () => {
    const out = html('{% for i in (1..100000000) %}{{ i }}{% endfor %}');
    expect(out.ok).toBe(false);
  });
});

// Whitespace html-to-text folds, as it folds it.
const folded = (s: string) => s.replace(/[ \t\r\n\f\u200b]+/g, ' ').trim();

describe('properties', () => {
  const value = fc.string({ unit: 'grapheme', minLength: 1 }).filter((v) => v.trim() !== '');

  it('never lets a value put raw markup into the HTML', () => {
    fc.assert(
      fc.property(value, (v) => {
        const vars = leadVariables({ Email: 'e@x.co', First_Name: `<script>${v}` }, {});
        const out = html('<p>{{ first_name }}</p>', vars);
        expect(out.ok).toBe(true);
        if (!out.ok) return;
        expect(out.html).not.toContain('<script>');
        expect(out.html.slice(3, -4)).not.toMatch(/[<>"']/);
      }),
    );
  });

  it('carries any value into the text part unchanged, up to folded whitespace', () => {
    fc.assert(
      fc.property(value, (v) => {
        const vars = leadVariables({ Email: 'e@x.co' }, { Note: v });
        const out = html('<p>Note: {{ note }}</p>', vars);
        expect(out.ok).toBe(true);
        if (out.ok) expect(folded(out.text)).toBe(folded(`Note: ${v}`));
      }),
    );
  });

  it('never puts a line break in the subject', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (template, v) => {
        const vars = leadVariables({ Email: 'e@x.co', First_Name: v }, {});
        const out = renderTemplate({ subject: `${template}{{ first_name | default: "x" }}`, html: 'x' }, vars, {
          choose: firstOption,
        });
        const subject = out.ok ? out.subject : (out.draft?.subject ?? '');
        expect(subject).not.toMatch(/[\r\n]/);
      }),
    );
  });
});
