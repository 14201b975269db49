import { readFileSync } from 'node:fs';
import { CliError } from './remote-client.js';

/** The text of a file named on the command line; `-` reads stdin. */
export function readTextFile(path: string, option: string): string {
  try {
    return readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (err) {
    throw new CliError(`${option}: cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

/** The JSON in a file named on the command line. */
export function readJsonFile(path: string, option: string): unknown {
  const text = readTextFile(path, option);
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new CliError(`${option}: ${path} is not JSON: ${(err as Error).message}`);
  }
}

/** A secret given as `-` is read from stdin, keeping it out of shell history and `ps`. */
export const secretArg = (value: string, option: string): string =>
  value === '-' ? readTextFile('-', option).replace(/\r?\n$/, '') : value;
