/** What the HTTP contract (docs/architecture.md) promises of every non-2xx answer: `{ error, message, details? }` and nothing else. */
export function errorShapeProblem(status: number, body: string): string | null {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return `status ${status} body is not JSON: ${body.slice(0, 120)}`;
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) return `status ${status} body is not an object`;
  const o = json as Record<string, unknown>;
  const extra = Object.keys(o).filter((k) => !['error', 'message', 'details'].includes(k));
  if (extra.length > 0) return `status ${status} body has extra fields ${extra.join(', ')}: ${body.slice(0, 160)}`;
  if (typeof o.error !== 'string' || !/^[a-z][a-z_]*$/.test(o.error)) {
    return `status ${status} error is not a code: ${JSON.stringify(o.error)}`;
  }
  if (typeof o.message !== 'string' || o.message.length === 0) return `status ${status} has no message`;
  return null;
}

/** Error codes the contract ties to each status (a 4xx in the right family). */
export const CODE_STATUS: Record<string, number> = {
  bad_request: 400,
  duplicate_sku: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
};

/** Tallies for reports: how many of each thing happened. */
export class Tally {
  readonly counts = new Map<string, number>();
  add(key: string, n = 1): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + n);
  }
  get(key: string): number {
    return this.counts.get(key) ?? 0;
  }
  total(): number {
    let n = 0;
    for (const v of this.counts.values()) n += v;
    return n;
  }
  toString(): string {
    return [...this.counts.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
  }
}
