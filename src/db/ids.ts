import { randomUUID } from 'node:crypto';

/** Identifiers are random UUIDs; never derived from merchant input. */
export const newId = (): string => randomUUID();
