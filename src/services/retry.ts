/** PostgreSQL's "try again" errors: serialization failure and deadlock. */
const RETRYABLE = new Set(['40001', '40P01']);

export function isRetryable(err: unknown): boolean {
  return RETRYABLE.has((err as { code?: string })?.code ?? '');
}

/** Runs a transaction again when PostgreSQL aborted it for a conflict, with a short jittered pause. */
export async function retryOnConflict<T>(fn: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (!isRetryable(err) || i >= attempts) throw err;
      await new Promise((r) => setTimeout(r, Math.random() * 10 * i));
    }
  }
}
