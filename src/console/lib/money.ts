/**
 * Money in the browser: amounts travel as integer minor units (docs/architecture.md, "The HTTP contract") and are
 * shown with Intl.NumberFormat in the merchant's currency. Typed amounts are parsed as decimal strings, never through
 * floats, so "19.99" is exactly 1999.
 */

const digitsCache = new Map<string, number>();
const formatCache = new Map<string, Intl.NumberFormat>();

/** Minor-unit digits of an ISO 4217 currency: USD 2, JPY 0, KWD 3. */
export function fractionDigits(currency: string): number {
  let d = digitsCache.get(currency);
  if (d === undefined) {
    d = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsCache.set(currency, d);
  }
  return d;
}

/** `formatMoney(1999, 'USD')` → "$19.99" (in the browser's locale). */
export function formatMoney(minor: number, currency: string): string {
  let nf = formatCache.get(currency);
  const d = fractionDigits(currency);
  if (!nf) {
    nf = new Intl.NumberFormat(undefined, {
      style: 'currency',
      currency,
      minimumFractionDigits: d,
      maximumFractionDigits: d,
    });
    formatCache.set(currency, nf);
  }
  return nf.format(minor / 10 ** d);
}

/** Minor units as a plain decimal for an input field: `toDecimal(1999, 2)` → "19.99". */
export function toDecimal(minor: number, digits: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  if (digits === 0) return `${sign}${abs}`;
  const scale = 10 ** digits;
  return `${sign}${Math.floor(abs / scale)}.${String(abs % scale).padStart(digits, '0')}`;
}

/** A typed decimal amount to minor units, or null when it is not one: `parseMoney("19.9", 2)` → 1990. */
export function parseMoney(text: string, digits: number): number | null {
  const m = /^\s*(\d+)(?:[.,](\d*))?\s*$/.exec(text);
  if (!m) return null;
  const frac = m[2] ?? '';
  if (frac.length > digits) return null;
  const n = Number(m[1]) * 10 ** digits + Number(frac.padEnd(digits, '0') || '0');
  return Number.isSafeInteger(n) ? n : null;
}

/** Basis points as a percentage: `formatBps(1250)` → "12.5%". */
export function formatBps(bps: number): string {
  return `${toDecimal(bps, 2).replace(/\.?0+$/, '')}%`;
}

/** A typed percentage to basis points: `parsePercent("12.5")` → 1250; up to two decimals, 0..100. */
export function parsePercent(text: string): number | null {
  const m = /^\s*(\d{1,3})(?:[.,](\d{0,2}))?\s*%?\s*$/.exec(text);
  if (!m) return null;
  const bps = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0') || '0');
  return bps <= 10000 ? bps : null;
}

/** Basis points to the text a percentage field shows: 1250 → "12.5". */
export function bpsToPercentText(bps: number): string {
  return formatBps(bps).slice(0, -1);
}
