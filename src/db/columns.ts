import type { ColumnType } from 'kysely';

/** Column types shared by the table types (schema.ts, schema-jobs.ts): how each kind of column is read and written. */

/** `timestamptz`; defaults to `now()` on insert. */
export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** A `bigint` of money, read as a safe JS number (database.ts refuses anything larger). */
export type Money = ColumnType<number, number, number>;
/** A column with a default, so an insert may leave it out. */
export type WithDefault<T> = ColumnType<T, T | undefined, T>;
/** A counter that starts at its default (usually 0). */
export type Counter = WithDefault<number>;
/**
 * `jsonb`, read as `T` and written as its JSON text. `Insert` says whether an insert must give it (`string`, the
 * default) or may leave it to the column's default (`string | undefined`).
 */
export type Json<T, Insert extends string | undefined = string> = ColumnType<T, Insert, string>;
