import { describe, expect, it } from 'vitest';
import { CsvReader, csvRecords, detectDelimiter, type CsvReaderOptions, type CsvRecord } from '@blinkpost/contract';

/** Reads `text` fed in pieces of `size` characters (so every boundary is crossed somewhere). */
function read(text: string, size = text.length || 1, options?: CsvReaderOptions): CsvRecord[] {
  const reader = new CsvReader(options);
  const out: CsvRecord[] = [];
  for (let i = 0; i < text.length; i += size) out.push(...reader.push(text.slice(i, i + size)));
  return [...out, ...reader.end()];
}

describe('CsvReader', () => {
  it.each<[string, string, CsvRecord[]]>([
    [
      'LF lines',
      'a,b\n1,2\n',
      [
        { line: 1, fields: ['a', 'b'] },
        { line: 2, fields: ['1', '2'] },
      ],
    ],
    [
      'CRLF, no final line end',
      'a,b\r\n1,2',
      [
        { line: 1, fields: ['a', 'b'] },
        { line: 2, fields: ['1', '2'] },
      ],
    ],
    [
      'lone CR',
      'a\r1\r',
      [
        { line: 1, fields: ['a'] },
        { line: 2, fields: ['1'] },
      ],
    ],
    [
      'a BOM is dropped',
      '\ufeffEmail\nx',
      [
        { line: 1, fields: ['Email'] },
        { line: 2, fields: ['x'] },
      ],
    ],
    [
      'quotes: commas, doubled quotes, CRLF inside (one line break)',
      'a,b\r\n"x, y","say ""hi""\r\nthere"\r\nz,w\r\n',
      [
        { line: 1, fields: ['a', 'b'] },
        { line: 2, fields: ['x, y', 'say "hi"\r\nthere'] },
        { line: 4, fields: ['z', 'w'] },
      ],
    ],
    [
      'blank lines are skipped but counted',
      'a\n\n\r\n1\n',
      [
        { line: 1, fields: ['a'] },
        { line: 4, fields: ['1'] },
      ],
    ],
    ['empty fields and a trailing comma', ',x,\n', [{ line: 1, fields: ['', 'x', ''] }]],
    ['a stray quote inside a bare field is text', 'O"Brien,1\n', [{ line: 1, fields: ['O"Brien', '1'] }]],
    [
      'text after a closing quote: that row only',
      'a,b\n"bad"x,1\nok,2\n',
      [
        { line: 1, fields: ['a', 'b'] },
        { line: 2, error: '"x" after a closing quote (write a quote inside a field as "")' },
        { line: 3, fields: ['ok', '2'] },
      ],
    ],
    [
      'a quote never closed takes the rest of the file',
      'a\n1\n"open\n2\n',
      [
        { line: 1, fields: ['a'] },
        { line: 2, fields: ['1'] },
        { line: 3, error: 'a quote opened in this row is not closed by the end of the file' },
      ],
    ],
  ])('%s', (_name, text, expected) => {
    expect(read(text)).toEqual(expected);
    expect(read(text, 1)).toEqual(expected);
    expect(read(text, 3)).toEqual(expected);
  });

  it('reports a row longer than the limit and reads on from the next line break', () => {
    const text = `a\n"${'x'.repeat(20)}\nb\n`;
    expect(read(text, 4, { maxRecordChars: 10 })).toEqual([
      { line: 1, fields: ['a'] },
      { line: 2, error: 'the row is longer than 10 characters (is a quote not closed?)' },
      { line: 3, fields: ['b'] },
    ]);
  });

  it('splits on the delimiter it is given, and keeps a comma as text then', () => {
    const text = 'Email;Name\r\n"a@x.io";"Ann; Jr"\r\nb@x.io;Bo, Jr\r\n';
    const expected = [
      { line: 1, fields: ['Email', 'Name'] },
      { line: 2, fields: ['a@x.io', 'Ann; Jr'] },
      { line: 3, fields: ['b@x.io', 'Bo, Jr'] },
    ];
    expect(read(text, 1, { delimiter: ';' })).toEqual(expected);
    expect(read(text.replaceAll(';', '\t'), 2, { delimiter: '\t' })).toEqual(
      expected.map((r) => ({ ...r, fields: r.fields.map((f) => f.replace(';', '\t')) })),
    );
  });
});

describe('detectDelimiter', () => {
  it.each([
    ['Email,Name\na;b;c;d\n', ','],
    ['Email;First Name;Company, Inc\r\n', ';'],
    ['Email\tName\n', '\t'],
    ['Email\n', ','],
    ['', ','],
  ])('%j: %j', (text, delimiter) => {
    expect(detectDelimiter(text)).toBe(delimiter);
  });
});

describe('csvRecords with the delimiter detected', () => {
  async function records(text: string, size: number): Promise<CsvRecord[]> {
    async function* pieces() {
      for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
    }
    const out: CsvRecord[] = [];
    for await (const r of csvRecords(pieces(), { delimiter: 'detect' })) out.push(r);
    return out;
  }

  it.each([
    ['semicolons', 'Email;Name;Company\r\nann@x.test;Ann;"Acme; Inc"\r\n', ['ann@x.test', 'Ann', 'Acme; Inc']],
    ['tabs', 'Email\tName\nann@x.test\tAnn, Lee\n', ['ann@x.test', 'Ann, Lee']],
    ['commas', 'Email,Name\nann@x.test,"Lee; Ann"\n', ['ann@x.test', 'Lee; Ann']],
  ])('%s: told by the header line, however the text is cut', async (_name, text, row) => {
    const whole = await records(text, text.length);
    expect(whole).toEqual([
      { line: 1, fields: text.split(/\r?\n/)[0]!.split(/[;\t,]/) },
      { line: 2, fields: row },
    ]);
    for (const size of [1, 2, 3, 7]) expect(await records(text, size)).toEqual(whole);
  });

  it('a file of one line without a line end is read whole', async () => {
    expect(await records('Email;Name', 3)).toEqual([{ line: 1, fields: ['Email', 'Name'] }]);
    expect(await records('', 3)).toEqual([]);
  });
});
