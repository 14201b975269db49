import pg from 'pg';
import { preparedName } from './statement-text.js';

/**
 * A PostgreSQL connection that runs the batch statements written by `preparedText` as named prepared
 * statements, parsed and planned once per connection; every other text runs as before.
 */
export class PreparingClient extends pg.Client {
  // Kysely calls query(text, values); the other call forms (a config object, a cursor) pass through.
  // One rest signature stands for pg's many overloads, so the answer is typed `never` to fit them all.
  override query(...args: unknown[]): never {
    const [text, values] = args;
    const name = args.length === 2 && typeof text === 'string' ? preparedName(text) : undefined;
    if (name !== undefined) return super.query({ name, text: text as string, values: values as unknown[] }) as never;
    return (super.query as (...a: unknown[]) => unknown).apply(this, args) as never;
  }
}
