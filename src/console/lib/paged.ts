import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { errorText, isAbort } from './api.ts';
import type { List } from './types.ts';

/**
 * A cursor-paged list (docs/architecture.md, "The HTTP contract"): the first page on `deps` change, then `loadMore`
 * appends the next.
 */
export function usePaged<T>(
  fetchPage: (cursor: string | null, signal: AbortSignal) => Promise<List<T>>,
  deps: unknown[],
) {
  const [items, setItems] = useState<T[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const ctl = useRef<AbortController | null>(null);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  const load = useCallback(async (cursor: string | null) => {
    ctl.current?.abort();
    const c = new AbortController();
    ctl.current = c;
    setLoading(true);
    try {
      const page = await fetchRef.current(cursor, c.signal);
      if (c.signal.aborted) return;
      setItems((prev) => (cursor ? [...prev, ...page.items] : page.items));
      setNext(page.nextCursor);
      setError(null);
    } catch (err) {
      if (!isAbort(err) && !c.signal.aborted) setError(errorText(err));
    } finally {
      if (!c.signal.aborted) setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load(null);
    return () => ctl.current?.abort();
  }, [...deps, tick]);

  return {
    items,
    loading,
    error,
    hasMore: next !== null,
    loadMore: () => next && void load(next),
    reload: () => setTick((t) => t + 1),
  };
}
