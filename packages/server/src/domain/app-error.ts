import type { ErrorCode } from '@blinkpost/contract';

/** An error a use case raises on purpose; only `http/` turns its code into a status. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** The 404 every route answers for an id that is unknown or belongs to another workspace. */
export const notFound = (what: string, id: string): AppError =>
  new AppError('not_found', `${what} ${JSON.stringify(id)} was not found`);

/** A 400 whose message names the field at fault. */
export const invalid = (field: string, problem: string): AppError =>
  new AppError('invalid_request', `${field} ${problem}`, { field });
