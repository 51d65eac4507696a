/** True when `tz` is an IANA time zone this runtime knows (e.g. `Asia/Shanghai`, `UTC`). */
export function isTimeZone(tz: string): boolean {
  if (tz.length === 0 || tz.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

let currencies: Set<string> | undefined;

/** True when `code` is an ISO 4217 currency code known to this runtime. */
export function isCurrency(code: string): boolean {
  currencies ??= new Set(Intl.supportedValuesOf('currency'));
  return currencies.has(code);
}
