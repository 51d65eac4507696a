/**
 * Admits at most `limit` concurrent holders per key; the rest wait in FIFO order, in memory, without holding a
 * database connection. A flash sale's buyers queue here instead of piling onto one row lock, where PostgreSQL's
 * throughput collapses as writers pile up. Several keys are always acquired in sorted order, so two callers can never
 * wait on each other.
 */
export class KeyedLimiter {
  private readonly slots = new Map<string, { active: number; waiting: (() => void)[] }>();

  constructor(private readonly limit: number) {}

  async run<T>(keys: readonly string[], fn: () => Promise<T>): Promise<T> {
    const sorted = [...new Set(keys)].sort();
    const held: string[] = [];
    try {
      for (const key of sorted) {
        await this.acquire(key);
        held.push(key);
      }
      return await fn();
    } finally {
      for (const key of held.reverse()) this.release(key);
    }
  }

  /** Callers currently admitted or waiting for `key` (for tests and metrics). */
  load(key: string): { active: number; waiting: number } {
    const s = this.slots.get(key);
    return { active: s?.active ?? 0, waiting: s?.waiting.length ?? 0 };
  }

  private acquire(key: string): Promise<void> {
    let s = this.slots.get(key);
    if (!s) {
      s = { active: 0, waiting: [] };
      this.slots.set(key, s);
    }
    if (s.active < this.limit) {
      s.active++;
      return Promise.resolve();
    }
    const slot = s;
    return new Promise((resolve) => slot.waiting.push(resolve));
  }

  private release(key: string): void {
    const s = this.slots.get(key);
    if (!s) return;
    const next = s.waiting.shift();
    if (next) {
      next();
      return;
    }
    s.active--;
    if (s.active === 0) this.slots.delete(key);
  }
}
