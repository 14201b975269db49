import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { configPath, readJsonObject, writePrivateJson } from './config-file.js';

/** A row that was not imported: where it starts in the file, its email if known, and why. */
export interface BadRow {
  line: number;
  email: string;
  reason: string;
}

/** Which import a state belongs to: the file as it was (path, size, mtime) and the list. */
export interface ImportKey {
  file: string;
  size: number;
  mtime_ms: number;
  list_id: string;
}

/** How far an import got: every row up to `done_through_line` was acknowledged by the server. */
export interface ImportProgress {
  done_through_line: number;
  rows: number;
  imported: number;
  duplicates: number;
  bad_rows: number;
  /** the first MAX_LISTED_BAD_ROWS bad rows; `bad_rows` counts them all */
  bad: BadRow[];
}

/** A saved state: the import and how far it got. */
export type ImportState = ImportKey & ImportProgress;

/** Bad rows listed in the summary (and kept in the state); the count covers every one. */
export const MAX_LISTED_BAD_ROWS = 1000;

/** An import of nothing yet. */
export const freshProgress = (): ImportProgress => ({
  done_through_line: 0,
  rows: 0,
  imported: 0,
  duplicates: 0,
  bad_rows: 0,
  bad: [],
});

/** Where the state of importing `file` (an absolute path) into a list is kept: beside the config file, under `imports/`. */
export function importStatePath(file: string, listId: string, config = configPath()): string {
  const id = createHash('sha256').update(`${file}\n${listId}`).digest('hex').slice(0, 32);
  return join(dirname(config), 'imports', `${id}.json`);
}

/** What reading the state found: nothing, a state of this very file, or one of a file since changed. */
export type SavedImport = { kind: 'none' } | { kind: 'resume'; progress: ImportProgress } | { kind: 'changed' };

/** The saved progress of this import, if the file is the one it was made for. */
export function loadImport(path: string, key: ImportKey): SavedImport {
  const raw = readJsonObject(path) as Partial<ImportState> | undefined;
  if (!raw) return { kind: 'none' };
  const same = raw.file === key.file && raw.size === key.size && raw.mtime_ms === key.mtime_ms;
  if (!same || raw.list_id !== key.list_id) return { kind: 'changed' };
  return { kind: 'resume', progress: { ...freshProgress(), ...raw } };
}

/** Records progress (after each acknowledged batch), atomically. */
export function saveImport(path: string, key: ImportKey, progress: ImportProgress): void {
  writePrivateJson(path, { ...key, ...progress });
}

/** Forgets an import (it finished, or `--restart`). */
export function clearImport(path: string): void {
  rmSync(path, { force: true });
}
