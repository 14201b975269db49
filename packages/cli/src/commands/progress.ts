/** Where progress goes: stderr, or what a test gives. */
export interface ProgressSink {
  isTTY?: boolean;
  write(text: string): unknown;
}

/** How far a long command is: rows done and the share of the input read. */
export interface ProgressState {
  rows: number;
  /** 0 to 1 */
  fraction: number;
}

/** A bar of `width` cells, filled by `fraction`. */
export function progressBar(fraction: number, width = 24): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}

const count = (n: number) => Math.round(n).toLocaleString('en-US');

/** `42%  4,200 rows  1,350 rows/s`: `newRows` were done in `elapsedMs` (rows skipped on resume are not counted in the rate). */
export function progressText(p: ProgressState, newRows: number, elapsedMs: number): string {
  const percent = `${Math.floor(Math.min(1, p.fraction) * 100)}%`;
  const rate = elapsedMs > 0 ? `  ${count((newRows * 1000) / elapsedMs)} rows/s` : '';
  return `${percent}  ${count(p.rows)} rows${rate}`;
}

/**
 * Progress on stderr: a bar redrawn in place (at most every `redrawMs`) on a terminal, otherwise a
 * plain line every `lineMs`, so a log shows the import is alive without a line per batch.
 */
export class Progress {
  private readonly started: number;
  private last: number;
  private drawn = false;

  constructor(
    private readonly sink: ProgressSink,
    private readonly startRows: number,
    private readonly now: () => number = Date.now,
    private readonly lineMs = 10_000,
    private readonly redrawMs = 100,
  ) {
    this.started = now();
    this.last = this.started;
  }

  /** Shows the state if it is time to. */
  update(p: ProgressState): void {
    const t = this.now();
    if (t - this.last < (this.sink.isTTY ? this.redrawMs : this.lineMs)) return;
    this.last = t;
    const text = progressText(p, p.rows - this.startRows, t - this.started);
    if (this.sink.isTTY) {
      this.sink.write(`\r\x1b[K${progressBar(p.fraction)} ${text}`);
      this.drawn = true;
    } else {
      this.sink.write(`blinkpost: ${text}\n`);
    }
  }

  /** Clears the bar, so what follows starts on a clean line. */
  done(): void {
    if (this.drawn) this.sink.write('\r\x1b[K');
    this.drawn = false;
  }
}
