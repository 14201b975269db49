/** One record of a CSV file, or why the stretch of the file starting at `line` (1-based) is not one. */
export type CsvRecord = { line: number; fields: string[] } | { line: number; error: string };

/** Longest record read; past it the record is reported bad (most likely a quote that is never closed). */
export const MAX_RECORD_CHARS = 1 << 20;

/** The field separators a CSV file may use: a comma, or a semicolon or tab as spreadsheets in some locales write. */
export type CsvDelimiter = ',' | ';' | '\t';

/** How to read: the field separator (a comma unless said) and the longest record. */
export interface CsvReaderOptions {
  delimiter?: CsvDelimiter;
  maxRecordChars?: number;
}

/** The delimiter of a file: `;` or a tab when its first line has more of them than commas. */
export function detectDelimiter(text: string): CsvDelimiter {
  const first = text.slice(0, text.search(/\r|\n|$/));
  const count = (c: string) => first.split(c).length - 1;
  const delimiters: CsvDelimiter[] = [',', ';', '\t'];
  // A stable sort keeps the comma first on a tie.
  return delimiters.sort((a, b) => count(b) - count(a)).find((d) => count(d) > 0) ?? ',';
}

type State = 'record' | 'field' | 'bare' | 'quoted' | 'closing' | 'skip';

/**
 * A streaming RFC 4180 reader: quoted fields with `""` escapes, delimiters and line breaks; CRLF, LF
 * or CR line ends; a leading BOM; blank lines skipped. The CLI feeds it a file chunk by chunk, the
 * dashboard a pasted text whole. Unlike csv-parse, it reports each record's first
 * line (a quoted CRLF counts once) and recovers from a malformed record at the next line break, so
 * one bad row costs only itself. A stray quote inside an unquoted field is kept as text, as Excel does.
 */
export class CsvReader {
  private state: State = 'record';
  private line = 1;
  private start = 1;
  private fields: string[] = [];
  private field = '';
  private size = 0;
  private error = '';
  private prevCR = false;
  private begun = false;
  private out: CsvRecord[] = [];
  private readonly delimiter: CsvDelimiter;
  private readonly maxRecordChars: number;

  constructor(options: CsvReaderOptions = {}) {
    this.delimiter = options.delimiter ?? ',';
    this.maxRecordChars = options.maxRecordChars ?? MAX_RECORD_CHARS;
  }

  /** Reads the next piece of text and answers the records it completed. */
  push(text: string): CsvRecord[] {
    let i = 0;
    if (!this.begun && text.length > 0) {
      this.begun = true;
      if (text.charCodeAt(0) === 0xfeff) i = 1;
    }
    for (; i < text.length; i++) this.step(text[i]!);
    return this.take();
  }

  /** Ends the text and answers the last record, if any. */
  end(): CsvRecord[] {
    if (this.state === 'quoted') this.fail(`a quote opened in this row is not closed by the end of the file`);
    if (this.state === 'skip') this.emitError();
    else if (this.state !== 'record') this.endRecord();
    this.state = 'record';
    return this.take();
  }

  private step(c: string): void {
    const cr = c === '\r';
    const lf = c === '\n';
    // The LF of a CRLF belongs to the line break the CR started.
    const crlfTail = lf && this.prevCR;
    this.prevCR = cr;
    const lineBreak = cr || (lf && !crlfTail);
    switch (this.state) {
      case 'record':
        if (cr || lf) {
          if (lineBreak) this.line += 1;
          return;
        }
        this.start = this.line;
        this.state = 'field';
        return this.step(c);
      case 'field':
        if (c === '"') {
          this.state = 'quoted';
          return;
        }
        this.state = 'bare';
        return this.bare(c, cr || lf);
      case 'bare':
        return this.bare(c, cr || lf);
      case 'quoted':
        if (c === '"') this.state = 'closing';
        else this.append(c);
        if (lineBreak) this.line += 1;
        return;
      case 'closing':
        if (c === '"') {
          this.state = 'quoted';
          return this.append(c);
        }
        if (c === this.delimiter || cr || lf) return this.bare(c, cr || lf);
        return this.fail(`${JSON.stringify(c)} after a closing quote (write a quote inside a field as "")`);
      case 'skip':
        if (cr || lf) {
          this.emitError();
          // The LF of a CRLF whose CR was read inside a too-long field ends the row but is no new line.
          if (lineBreak) this.line += 1;
          this.state = 'record';
        }
        return;
    }
  }

  /** A character of an unquoted field, or the delimiter or line break that ends a quoted one. */
  private bare(c: string, lineEnd: boolean): void {
    if (c === this.delimiter) {
      this.endField();
      this.state = 'field';
    } else if (lineEnd) {
      this.endRecord();
      this.line += 1;
      this.state = 'record';
    } else {
      this.state = 'bare';
      this.append(c);
    }
  }

  private append(c: string): void {
    this.field += c;
    this.size += 1;
    if (this.size > this.maxRecordChars)
      this.fail(`the row is longer than ${this.maxRecordChars} characters (is a quote not closed?)`);
  }

  private endField(): void {
    this.fields.push(this.field);
    this.field = '';
  }

  private endRecord(): void {
    this.endField();
    // A line holding nothing (or only "") is blank, not a record of one empty field.
    if (!(this.fields.length === 1 && this.fields[0] === '')) this.out.push({ line: this.start, fields: this.fields });
    this.reset();
  }

  /** The record is malformed: drop it and read on from the next line break. */
  private fail(error: string): void {
    this.error = error;
    this.state = 'skip';
  }

  private emitError(): void {
    this.out.push({ line: this.start, error: this.error });
    this.reset();
  }

  private reset(): void {
    this.fields = [];
    this.field = '';
    this.size = 0;
    this.error = '';
  }

  private take(): CsvRecord[] {
    const records = this.out;
    this.out = [];
    return records;
  }
}

/**
 * The records of a stream of text, one at a time (memory holds one chunk and one record). With
 * `delimiter: 'detect'` the text is held until its first line is whole, and that line tells the
 * delimiter as `detectDelimiter` does for a whole text.
 */
export async function* csvRecords(
  chunks: AsyncIterable<string>,
  options: Omit<CsvReaderOptions, 'delimiter'> & { delimiter?: CsvDelimiter | 'detect' } = {},
): AsyncGenerator<CsvRecord> {
  const { delimiter, ...rest } = options;
  const readerFor = (d: CsvDelimiter | undefined) => new CsvReader({ ...rest, ...(d ? { delimiter: d } : {}) });
  let reader = delimiter === 'detect' ? undefined : readerFor(delimiter);
  // With 'detect': the text before the first line break is whole, held until then.
  let head = '';
  for await (const chunk of chunks) {
    if (reader) {
      yield* reader.push(chunk);
      continue;
    }
    head += chunk;
    if (!/[\r\n]/.test(head)) continue;
    reader = readerFor(detectDelimiter(head));
    yield* reader.push(head);
  }
  if (!reader) {
    reader = readerFor(detectDelimiter(head));
    yield* reader.push(head);
  }
  yield* reader.end();
}
