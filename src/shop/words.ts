/** Why an offer did not apply, in words a shopper understands (the quote's `notApplied[].reason`). */
const REASONS: Record<string, string> = {
  outside_window: 'is not running at this hour',
  paused: 'is paused right now',
  cap_exhausted: 'has sold all the units it was offered on',
  customer_limit: 'has reached its limit per customer',
  customer_required: 'needs a shopper id',
  margin_floor: 'cannot go any lower on this item',
  incomplete_set: 'needs the rest of its set in the cart',
  not_better: 'would not save you more than the deal you already have',
  out_of_stock: 'has no stock left',
};

export function reasonText(reason: string): string {
  return REASONS[reason] ?? `does not apply (${reason.replace(/_/g, ' ')})`;
}

/** "2h 05m 09s" until `endsAt`; "ended" once passed. */
export function countdown(endsAt: string, now: number): string {
  let s = Math.floor((Date.parse(endsAt) - now) / 1000);
  if (s <= 0) return 'ended';
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d > 0 ? `${d}d ` : ''}${h}h ${pad(m)}m ${pad(s)}s`;
}
