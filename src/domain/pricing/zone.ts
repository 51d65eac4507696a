/**
 * Wall-clock arithmetic in IANA time zones with the platform's `Intl.DateTimeFormat` (one cached formatter per zone).
 * A "local ms" value is the wall-clock reading of an instant written as if it were UTC epoch ms, so
 * `Math.floor(local / DAY_MS)` is the local calendar day and `local % DAY_MS` the time of day.
 */
import type { Instant } from './types.ts';

export const DAY_MS = 86_400_000;
export const MINUTE_MS = 60_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
/** The last reading per zone: a quote asks every promotion of one zone about the same `at`. */
const lastReading = new Map<string, { at: Instant; local: number }>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** True when `zone` is an IANA time zone the platform knows (e.g. `Asia/Shanghai`; not `Mars/Base`). */
export function isValidTimeZone(zone: string): boolean {
  // Offsets such as `+08:00` are not IANA zones (newer runtimes accept them in Intl; the contract does not).
  if (typeof zone !== 'string' || zone.length === 0 || /^[+-]\d/.test(zone)) return false;
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/**
 * The wall-clock reading of `at` in `zone`, as local ms.
 *
 * @example localMs('America/New_York', Date.UTC(2026, 0, 1, 5)) === Date.UTC(2026, 0, 1, 0)   // 00:00 EST
 */
export function localMs(zone: string, at: Instant): number {
  const hit = lastReading.get(zone);
  if (hit && hit.at === at) return hit.local;
  let y = 1970;
  let mo = 1;
  let d = 1;
  let h = 0;
  let mi = 0;
  let s = 0;
  for (const part of formatter(zone).formatToParts(at)) {
    const v = Number(part.value);
    if (part.type === 'year') y = v;
    else if (part.type === 'month') mo = v;
    else if (part.type === 'day') d = v;
    else if (part.type === 'hour') h = v % 24;
    else if (part.type === 'minute') mi = v;
    else if (part.type === 'second') s = v;
  }
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, ((at % 1000) + 1000) % 1000);
  const local = date.getTime();
  lastReading.set(zone, { at, local });
  return local;
}

/** UTC offset of `zone` at `at`, in ms (local − UTC). */
export function offsetAt(zone: string, at: Instant): number {
  return localMs(zone, at) - at;
}

export interface WallClock {
  /** Local calendar day, counted from 1970-01-01. */
  day: number;
  /** Minutes since local midnight, 0..1439. */
  minute: number;
  /** Day of the week, 0 = Monday … 6 = Sunday (index into `DAYS`). */
  dow: number;
}

/** Day of the week of a local day number (1970-01-01 was a Thursday), 0 = Monday. */
export function dayOfWeek(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

export function wallClock(zone: string, at: Instant): WallClock {
  const local = localMs(zone, at);
  const day = Math.floor(local / DAY_MS);
  return { day, minute: Math.floor((local - day * DAY_MS) / MINUTE_MS), dow: dayOfWeek(day) };
}

/**
 * Every instant whose wall clock in `zone` reads `minute` on local `day`: one normally, none inside a spring-forward gap,
 * two inside a fall-back overlap. Ascending.
 *
 * @example instantsAtWall('America/New_York', dayOf(2026-03-08), 150) → []          // 02:30 does not exist
 * @example instantsAtWall('America/New_York', dayOf(2026-11-01), 90)  → [05:30Z, 06:30Z]
 */
export function instantsAtWall(zone: string, day: number, minute: number): Instant[] {
  const local = day * DAY_MS + minute * MINUTE_MS;
  const offsets = new Set([offsetAt(zone, local - DAY_MS), offsetAt(zone, local), offsetAt(zone, local + DAY_MS)]);
  const out: Instant[] = [];
  for (const o of offsets) {
    const t = local - o;
    if (localMs(zone, t) === local && !out.includes(t)) out.push(t);
  }
  return out.sort((a, b) => a - b);
}

/** Instants in `(from, to]` where the zone's offset changes (DST transitions), found by sampling every 6 h and bisecting. */
export function offsetTransitions(zone: string, from: Instant, to: Instant): Instant[] {
  const out: Instant[] = [];
  const step = 6 * 3_600_000;
  let a = from;
  let oa = offsetAt(zone, a);
  while (a < to) {
    const b = Math.min(a + step, to);
    const ob = offsetAt(zone, b);
    if (ob !== oa) {
      let lo = a;
      let hi = b;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (offsetAt(zone, mid) === oa) lo = mid;
        else hi = mid;
      }
      out.push(hi);
    }
    a = b;
    oa = ob;
  }
  return out;
}
