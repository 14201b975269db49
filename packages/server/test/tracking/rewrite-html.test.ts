import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prepareTrackedHtml, type TrackingOptions } from '../../src/domain/tracking/index.js';

const track = (i: number): string => `https://t.example/c/${i}?s=a&b`;
const TRACKED_1 = 'https://t.example/c/1?s=a&amp;b';
const options = (extra: Partial<TrackingOptions> = {}): TrackingOptions => ({ clickUrl: track, ...extra });
const PIXEL =
  '<img src="https://t.example/o/x" width="1" height="1" alt="" style="display:block;border:0;width:1px;height:1px" />';

describe('prepareTrackedHtml: links', () => {
  it('rewrites http and https links and lists their URLs by index', () => {
    const html = '<p><a href="https://a.example/x">A</a> and <a href="http://b.example/">B</a></p>';
    const out = prepareTrackedHtml(html, options());
    expect(out.links).toEqual(['https://a.example/x', 'http://b.example/']);
    expect(out.html).toBe(
      '<p><a href="https://t.example/c/0?s=a&amp;b">A</a> and <a href="https://t.example/c/1?s=a&amp;b">B</a></p>',
    );
  });

  it('stores an href with &amp; decoded and writes the new href escaped', () => {
    const out = prepareTrackedHtml('<a href="https://a.example/?x=1&amp;y=2">go</a>', {
      clickUrl: () => 'https://t.example/c?q="<x>"&\'',
    });
    expect(out.links).toEqual(['https://a.example/?x=1&y=2']);
    expect(out.html).toBe('<a href="https://t.example/c?q=&quot;&lt;x&gt;&quot;&amp;&#39;">go</a>');
  });

  it('trims the href and drops tabs and newlines inside it, as browsers do', () => {
    const out = prepareTrackedHtml('<a href="  https://a.example/pa\nth \t">x</a>', options());
    expect(out.links).toEqual(['https://a.example/path']);
  });

  it.each([
    ['single quotes', "<a href='https://a.example/'>x</a>", "<a href='https://t.example/c/0?s=a&amp;b'>x</a>"],
    ['no quotes', '<a href=https://a.example/>x</a>', '<a href="https://t.example/c/0?s=a&amp;b">x</a>'],
    [
      'no quotes, more attributes',
      '<a href=https://a.example/ class=btn>x</a>',
      '<a href="https://t.example/c/0?s=a&amp;b" class=btn>x</a>',
    ],
    [
      'upper-case tag and attribute',
      '<A HREF="https://a.example/">x</A>',
      '<A HREF="https://t.example/c/0?s=a&amp;b">x</A>',
    ],
    ['spaces around =', '<a href = "https://a.example/" >x</a>', '<a href = "https://t.example/c/0?s=a&amp;b" >x</a>'],
    [
      'newline around =',
      '<a\nhref\n=\n"https://a.example/">x</a>',
      '<a\nhref\n=\n"https://t.example/c/0?s=a&amp;b">x</a>',
    ],
    ['upper-case scheme', '<a href="HTTPS://A.example/">x</a>', '<a href="https://t.example/c/0?s=a&amp;b">x</a>'],
    [
      'an <area>',
      '<map><area shape=rect href="https://a.example/"></map>',
      '<map><area shape=rect href="https://t.example/c/0?s=a&amp;b"></map>',
    ],
    ['a self-closing <a/>', '<a href="https://a.example/"/>', '<a href="https://t.example/c/0?s=a&amp;b"/>'],
  ])('rewrites an href written with %s', (_, html, expected) => {
    expect(prepareTrackedHtml(html, options()).html).toBe(expected);
  });

  it.each([
    ['mailto:', '<a href="mailto:me@example.com">x</a>'],
    ['tel:', '<a href="tel:+15551234">x</a>'],
    ['sms:', '<a href="sms:+15551234">x</a>'],
    ['an anchor', '<a href="#top">x</a>'],
    ['a relative URL', '<a href="/pricing">x</a>'],
    ['a protocol-relative URL', '<a href="//a.example/">x</a>'],
    ['javascript:', '<a href="javascript:alert(1)">x</a>'],
    ['ftp:', '<a href="ftp://a.example/f">x</a>'],
    ['an http URL that does not parse', '<a href="https://exa mple.com/">x</a>'],
    ['an empty href', '<a href="">x</a>'],
    ['an href without a value', '<a href>x</a>'],
    ['data-no-track after the href', '<a href="https://a.example/" data-no-track>x</a>'],
    ['data-no-track before the href', '<a DATA-NO-TRACK="false" href="https://a.example/">x</a>'],
    ['the {{unsubscribe_link}} placeholder', '<a href="{{unsubscribe_link}}">x</a>'],
    ['the {{ unsubscribe_link }} placeholder in a URL', '<a href="https://u.example/?l={{ unsubscribe_link }}">x</a>'],
    ['the unsubscribe URL', '<a href="https://u.example/u/abc">x</a>'],
    ['a <link href>', '<link rel="stylesheet" href="https://a.example/s.css">'],
    ['a <base href>', '<base href="https://a.example/">'],
    ['a link inside a comment', '<!-- <a href="https://a.example/">x</a> -->'],
    ['a link inside <script>', '<script>document.write(\'<a href="https://a.example/">x</a>\')</script>'],
    ['a link inside <style>', '<style>/* <a href="https://a.example/">x</a> */</style>'],
    ['a link inside <textarea>', '<textarea><a href="https://a.example/">x</a></textarea>'],
    ['an unfinished tag', '<p>text <a href="https://a.example/"'],
  ])('leaves %s alone', (_, html) => {
    const out = prepareTrackedHtml(html, options({ unsubscribeUrl: 'https://u.example/u/abc' }));
    expect(out).toEqual({ html, links: [] });
  });

  it('uses the first href of a tag, as browsers do', () => {
    const out = prepareTrackedHtml('<a href="https://a.example/" href="https://b.example/">x</a>', options());
    expect(out.links).toEqual(['https://a.example/']);
    expect(out.html).toBe('<a href="https://t.example/c/0?s=a&amp;b" href="https://b.example/">x</a>');
    expect(prepareTrackedHtml('<a href href="https://b.example/">x</a>', options()).links).toEqual([]);
  });

  it('gives the same URL written twice two indexes', () => {
    const html = '<a href="https://a.example/">top</a><a href="https://a.example/">bottom</a>';
    const out = prepareTrackedHtml(html, options());
    expect(out.links).toEqual(['https://a.example/', 'https://a.example/']);
    expect(out.html).toContain(TRACKED_1);
  });

  it('leaves a link the caller declines, and keeps indexes dense', () => {
    const html = '<a href="https://skip.example/">1</a><a href="https://a.example/">2</a>';
    const seen: [number, string][] = [];
    const out = prepareTrackedHtml(html, {
      clickUrl: (i, url) => {
        seen.push([i, url]);
        return url.includes('skip') ? undefined : track(i);
      },
    });
    expect(seen).toEqual([
      [0, 'https://skip.example/'],
      [0, 'https://a.example/'],
    ]);
    expect(out.links).toEqual(['https://a.example/']);
    expect(out.html).toBe('<a href="https://skip.example/">1</a><a href="https://t.example/c/0?s=a&amp;b">2</a>');
  });

  it('keeps everything but the rewritten hrefs byte for byte', () => {
    const html = [
      '<!DOCTYPE html>\r\n<html><head><style>a{color:red}</style><title>Hi &amp; bye</title></head>',
      "<BODY>\n\t<p class=x   id='y'>Caf&eacute; &nbsp; <b>bold<i>unclosed</b></p>",
      '<!-- comment <a href="https://c.example/"> --><a title="t" HREF="https://a.example/?a=1&amp;b=2" >A</a>',
      '<![CDATA[ x ]]><?php echo 1 ?><img src=https://img.example/i.png>{{ first_name }} {% if x %}y{% endif %}',
      '</BODY></html>\n',
    ].join('');
    const out = prepareTrackedHtml(html, options());
    const rewritten = '"https://t.example/c/0?s=a&amp;b"';
    expect(out.html).toBe(html.replace('"https://a.example/?a=1&amp;b=2"', rewritten));
    expect(out.links).toEqual(['https://a.example/?a=1&b=2']);
  });

  it('never throws and changes nothing when there is nothing to track', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('<', '>', 'a', ' ', '=', '"', "'", '/', '!', '-', '&', 'h') }),
        (html) => {
          expect(prepareTrackedHtml(html, options())).toEqual({ html, links: [] });
        },
      ),
    );
  });

  it('changes only the href values on arbitrary markup around links', () => {
    const piece = fc.constantFrom(
      '<p>',
      '</p>',
      '<b',
      '>',
      '"',
      "'",
      '<!--',
      '-->',
      '<script>',
      '</script>',
      'text',
      '&amp;',
      '<',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.array(piece, { maxLength: 12 }), (before, after) => {
        const html = `${before.join('')}<a href="https://a.example/">x</a>${after.join('')}`;
        const out = prepareTrackedHtml(html, { clickUrl: () => 'https://T' });
        // Whatever came before may swallow the link (an open comment or script); if it did not,
        // exactly the href changed.
        if (out.links.length === 1) expect(out.html).toBe(html.replace('https://a.example/', 'https://T'));
        else expect(out.html).toBe(html);
      }),
    );
  });
});

describe('prepareTrackedHtml: open pixel', () => {
  it('goes just before </body>', () => {
    const out = prepareTrackedHtml(
      '<html><body><p>Hi</p></body></html>',
      options({ openPixelUrl: 'https://t.example/o/x' }),
    );
    expect(out.html).toBe(`<html><body><p>Hi</p>${PIXEL}</body></html>`);
  });

  it('goes before an upper-case </BODY>, not before one in a comment or script', () => {
    const html = '<body><script>"</body>"</script><!-- </body> --><p>Hi</p></BODY >';
    const out = prepareTrackedHtml(html, options({ openPixelUrl: 'https://t.example/o/x' }));
    expect(out.html).toBe(`<body><script>"</body>"</script><!-- </body> --><p>Hi</p>${PIXEL}</BODY >`);
  });

  it('is appended when there is no </body>', () => {
    const out = prepareTrackedHtml('<p>Hi</p>', options({ openPixelUrl: 'https://t.example/o/x' }));
    expect(out.html).toBe(`<p>Hi</p>${PIXEL}`);
  });

  it('has its URL escaped, and is left out without a URL', () => {
    const out = prepareTrackedHtml('', options({ openPixelUrl: 'https://t.example/o?a=1&b="2"' }));
    expect(out.html).toContain('src="https://t.example/o?a=1&amp;b=&quot;2&quot;"');
    expect(prepareTrackedHtml('<body></body>', options()).html).toBe('<body></body>');
  });

  it('comes with the links rewritten', () => {
    const html = '<body><a href="https://a.example/">A</a></body>';
    const out = prepareTrackedHtml(html, options({ openPixelUrl: 'https://t.example/o/x' }));
    expect(out.html).toBe(`<body><a href="https://t.example/c/0?s=a&amp;b">A</a>${PIXEL}</body>`);
  });
});
