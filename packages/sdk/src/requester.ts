/** The envelope every JSON endpoint answers with, plus the extra top-level keys some add. */
export interface Envelope<T> {
  success: boolean;
  message?: string;
  data: T;
  error?: { code?: string; request_id?: string };
  count?: number;
  total?: number;
  skip?: number;
  limit?: number;
}

/** Query parameters; `undefined` ones are left out. */
export type Query = Record<string, string | number | boolean | undefined>;

/** What a resource needs of the client: one call that unwraps the envelope or throws `ApiError`. */
export interface Requester {
  request<T>(method: string, path: string, opts?: { query?: Query; body?: unknown }): Promise<Envelope<T>>;
  /** one call to an endpoint answering text (CSV), errors as `request` */
  requestText(method: string, path: string, opts?: { query?: Query }): Promise<string>;
}

/** `/prefix/ID/rest…` with every segment URL-encoded. */
export const pathOf = (...segments: string[]): string => segments.map((s) => `/${encodeURIComponent(s)}`).join('');
