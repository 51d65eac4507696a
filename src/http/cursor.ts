import { AppError } from '../domain/errors.ts';

/** Opaque cursors: base64url of a JSON array of the last row's sort key. */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor<T extends (string | number)[]>(cursor: string | undefined, arity: number): T | null {
  if (cursor === undefined || cursor === '') return null;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(key) &&
      key.length === arity &&
      key.every((k) => typeof k === 'string' || (typeof k === 'number' && Number.isSafeInteger(k)))
    ) {
      return key as T;
    }
  } catch {
    // fall through
  }
  throw new AppError('bad_request', 'querystring/cursor is not a cursor this service issued', { field: 'cursor' });
}

/** Builds the list envelope from `limit + 1` fetched rows. */
export function page<R, I>(rows: R[], limit: number, toItem: (r: R) => I, keyOf: (r: R) => (string | number)[]) {
  const more = rows.length > limit;
  const slice = more ? rows.slice(0, limit) : rows;
  return {
    items: slice.map(toItem),
    nextCursor: more ? encodeCursor(keyOf(slice[slice.length - 1]!)) : null,
  };
}
