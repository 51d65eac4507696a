/** A small fetch wrapper for the v1 API: bearer key, JSON in and out, errors as `ApiError` with the API's code. */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export interface CallOptions {
  headers?: Record<string, string>;
  /** A raw body (CSV upload) sent with `contentType` instead of JSON. */
  raw?: Blob | string;
  contentType?: string;
  signal?: AbortSignal;
}

export type Api = <T>(method: string, path: string, body?: unknown, opts?: CallOptions) => Promise<T>;

/** A client that reads the key on every call, so signing out takes effect at once. */
export function makeApi(getKey: () => string | null, onUnauthorized?: () => void): Api {
  return async <T>(method: string, path: string, body?: unknown, opts: CallOptions = {}): Promise<T> => {
    const headers: Record<string, string> = { ...opts.headers };
    const key = getKey();
    if (key) headers.authorization = `Bearer ${key}`;
    let payload: BodyInit | undefined;
    if (opts.raw !== undefined) {
      payload = opts.raw;
      headers['content-type'] = opts.contentType ?? 'text/plain';
    } else if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] = 'application/json';
    }
    let res: Response;
    try {
      res = await fetch(path, { method, headers, body: payload, signal: opts.signal });
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') throw err;
      throw new ApiError(0, 'network', 'The service could not be reached. Check the connection and try again.');
    }
    const text = await res.text();
    let data: unknown = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      data = null;
    }
    if (!res.ok) {
      const e = (data ?? {}) as { error?: string; message?: string; details?: unknown };
      if (res.status === 401) onUnauthorized?.();
      throw new ApiError(
        res.status,
        e.error ?? `http_${res.status}`,
        e.message ?? `request failed (${res.status})`,
        e.details,
      );
    }
    return data as T;
  };
}

/** True for an aborted fetch (a newer request replaced it); callers ignore these. */
export function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError';
}

/** The message to show for any error thrown by an API call. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return err instanceof Error ? err.message : String(err);
}

/** A random id for Idempotency-Key and customer ids; works outside secure contexts too. */
export function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
