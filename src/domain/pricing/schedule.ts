/**
 * A promotion's time rules parsed once and cached per Promotion object (a WeakMap, so replaced promotions are
 * collected): daily windows as minute ranges and steps as absolute instants.
 */
import type { Bps } from '../money.ts';
import { DAYS, type Instant, type Promotion } from './types.ts';
import { wallClock } from './zone.ts';

export interface ParsedWindow {
  /** Indexed by day of week, 0 = Monday. */
  days: boolean[];
  /** Minutes after midnight, 0..1439, inclusive. */
  from: number;
  /**
   * Minutes after midnight, 1..1440, exclusive; `00:00` and `24:00` both read as 1440 (midnight at the end of the day).
   * `to <= from` means the window runs past midnight into the next day and belongs to the day it starts.
   */
  to: number;
}

export interface Schedule {
  zone: string;
  /** `null` when the promotion has no daily windows (always on inside `[startsAt, endsAt)`). */
  windows: ParsedWindow[] | null;
  /** Steps as `{ at, bps }`, ascending by `at`. */
  steps: { at: Instant; bps: Bps }[];
}

const HHMM = /^([01]\d|2[0-4]):([0-5]\d)$/;

/**
 * Parses `HH:MM` into minutes after midnight; `null` if malformed. `24:00` is accepted only as an end (`asEnd`), and
 * as an end `00:00` also means midnight (1440).
 *
 * @example parseHHMM('18:30') === 1110
 * @example parseHHMM('00:00', true) === 1440
 */
export function parseHHMM(s: string, asEnd = false): number | null {
  const m = typeof s === 'string' ? HHMM.exec(s) : null;
  if (!m) return null;
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  if (minutes > 1440 || (minutes === 1440 && !asEnd)) return null;
  return asEnd && minutes === 0 ? 1440 : minutes;
}

const cache = new WeakMap<Promotion, Schedule>();

export function scheduleOf(p: Promotion): Schedule {
  let s = cache.get(p);
  if (s) return s;
  const windows =
    p.dailyWindows && p.dailyWindows.length > 0
      ? p.dailyWindows.map((w) => ({
          days: DAYS.map((d) => w.days.includes(d)),
          from: parseHHMM(w.from) ?? 0,
          to: parseHHMM(w.to, true) ?? 1440,
        }))
      : null;
  const steps =
    p.kind === 'percent_off' && p.steps
      ? p.steps
          .map((st) => ({ at: p.startsAt + st.afterSeconds * 1000, bps: st.percentBps }))
          .sort((a, b) => a.at - b.at)
      : [];
  s = { zone: p.timezone ?? 'UTC', windows, steps };
  cache.set(p, s);
  return s;
}

/** Whether local `minute` on a day of week `dow` lies in the window (including the tail of yesterday's overnight run). */
export function windowCovers(w: ParsedWindow, dow: number, minute: number): boolean {
  if (w.to > w.from) return w.days[dow]! && minute >= w.from && minute < w.to;
  return (w.days[dow]! && minute >= w.from) || (w.days[(dow + 6) % 7]! && minute < w.to);
}

/** True when the wall clock of `at` in the promotion's timezone lies inside one of its daily windows (or it has none). */
export function inDailyWindow(p: Promotion, at: Instant): boolean {
  const s = scheduleOf(p);
  if (!s.windows) return true;
  const wc = wallClock(s.zone, at);
  return s.windows.some((w) => windowCovers(w, wc.dow, wc.minute));
}

/** Time rules only (ignores `state`): `startsAt ≤ at < endsAt` and inside a daily window. */
export function inSchedule(p: Promotion, at: Instant): boolean {
  return p.startsAt <= at && (p.endsAt === null || at < p.endsAt) && inDailyWindow(p, at);
}
