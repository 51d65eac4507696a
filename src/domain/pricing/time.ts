/**
 * Time rules of a promotion. Every function takes the instant; none reads the clock.
 *
 * Daily windows follow the wall clock of the instant in the promotion's IANA `timezone` literally (DESIGN.md: "the
 * wall-clock time of `at` lies in `[from, to)`"), which settles the DST days:
 * - spring forward (America/New_York 2026-03-08, 02:00 → 03:00): a window 01:30–02:30 is live 06:30Z–07:00Z, i.e.
 *   until the clock jumps past 02:30; an edge at a wall time that does not exist takes effect at the next existing
 *   instant (the jump, 03:00 EDT).
 * - fall back (2026-11-01, 02:00 → 01:00): 01:30–02:30 is live 05:30Z–06:00Z (01:30–02:00 EDT), closes while the clock
 *   repeats 01:00–01:29, and is live again 06:30Z–07:30Z (01:30–02:30 EST).
 */
import type { Bps } from '../money.ts';
import { inSchedule, scheduleOf } from './schedule.ts';
import type { Instant, Promotion } from './types.ts';
import { DAY_MS, instantsAtWall, offsetTransitions, wallClock } from './zone.ts';

export { inDailyWindow, inSchedule } from './schedule.ts';

/** Status as the API reports it (`GET /v1/promotions?status=`). */
export type PromotionStatus = 'scheduled' | 'active' | 'paused' | 'ended';

/**
 * True when the promotion prices units at `at`: state `active`, `startsAt ≤ at < endsAt`, inside a daily window.
 *
 * @example window fri 22:00–02:00 (UTC): Sat 01:00 → true; Sun 01:00 → false unless `sat` is listed too
 */
export function isActiveAt(p: Promotion, at: Instant): boolean {
  return p.state === 'active' && inSchedule(p, at);
}

/**
 * The API status at `at`: `ended` when ended by the merchant or `at ≥ endsAt`; else `paused` when paused; else
 * `scheduled` before `startsAt`; else `active` — also between daily windows (a running flash sale that is closed for
 * the night is still an active promotion; `isActiveAt` says whether it prices units right now).
 */
export function stateAt(p: Promotion, at: Instant): PromotionStatus {
  if (p.state === 'ended' || (p.endsAt !== null && at >= p.endsAt)) return 'ended';
  if (p.state === 'paused') return 'paused';
  return at < p.startsAt ? 'scheduled' : 'active';
}

/**
 * The percentage a `percent_off` takes at `at`: the last step with `startsAt + afterSeconds·1000 ≤ at`, else the base.
 * Other kinds return their `percentBps` (0 when they have none).
 *
 * @example base 2000, steps [{ afterSeconds: 86400, percentBps: 4000 }]: at startsAt + 1 day − 1 ms → 2000; at + 1 day → 4000
 */
export function currentPercentBps(p: Promotion, at: Instant): Bps {
  let bps = p.percentBps ?? 0;
  for (const st of scheduleOf(p).steps) {
    if (st.at <= at) bps = st.bps;
    else break;
  }
  return bps;
}

export type BoundaryKind = 'start' | 'end' | 'window_open' | 'window_close' | 'step';

/** A state of the price: −1 = not pricing; otherwise the percentage (0 for kinds without one). */
function priceKey(p: Promotion, t: Instant): number {
  if (!inSchedule(p, t)) return -1;
  return p.kind === 'percent_off' ? currentPercentBps(p, t) : 0;
}

/**
 * Instants after `after` where the price may change, ascending: start, end, steps, and — with daily windows — every
 * window edge and every DST transition within nine local days of `max(after, startsAt)` (windows repeat weekly, so if
 * nothing changes in that span nothing ever does until the end).
 */
function candidates(p: Promotion, after: Instant): Instant[] {
  const out: Instant[] = [];
  const end = p.endsAt ?? Number.POSITIVE_INFINITY;
  const keep = (t: Instant) => {
    if (t > after && t >= p.startsAt && t <= end) out.push(t);
  };
  keep(p.startsAt);
  if (p.endsAt !== null) keep(p.endsAt);
  const s = scheduleOf(p);
  for (const st of s.steps) keep(st.at);
  const base = Math.max(after, p.startsAt);
  if (s.windows && base < end) {
    const first = wallClock(s.zone, base).day - 1;
    for (let day = first; day <= first + 9; day++) {
      const dow = (((day + 3) % 7) + 7) % 7;
      for (const w of s.windows) {
        if (!w.days[dow]) continue;
        for (const t of instantsAtWall(s.zone, day, w.from)) keep(t);
        const endDay = w.to > w.from && w.to < 1440 ? day : day + 1;
        for (const t of instantsAtWall(s.zone, endDay, w.to % 1440)) keep(t);
      }
    }
    for (const t of offsetTransitions(s.zone, base - 2 * DAY_MS, base + 12 * DAY_MS)) keep(t);
  }
  return [...new Set(out)].sort((a, b) => a - b);
}

/**
 * The next instant strictly after `after` where the promotion's price changes, for jobs to schedule on.
 * `start` and `end` are always reported (they change the status even when a closed window hides them from the price);
 * window edges and steps only where the price really changes (a step while the window is closed shows up as the
 * next `window_open`). The merchant's `paused` state is ignored — boundaries are the schedule's; `ended` → `null`.
 * DST: a window edge at a wall time that does not exist (spring forward) is reported at the next existing instant.
 *
 * @example window 18:00–20:00 Asia/Shanghai, after = 2026-12-01T09:00Z → { at: 2026-12-01T10:00Z, kind: 'window_open' }
 */
export function nextBoundary(p: Promotion, after: Instant): { at: Instant; kind: BoundaryKind } | null {
  if (p.state === 'ended') return null;
  for (const c of candidates(p, after)) {
    if (c === p.startsAt) return { at: c, kind: 'start' };
    if (c === p.endsAt) return { at: c, kind: 'end' };
    const before = priceKey(p, c - 1);
    const now = priceKey(p, c);
    if (before === now) continue;
    if (before >= 0 && now >= 0) return { at: c, kind: 'step' };
    return { at: c, kind: now >= 0 ? 'window_open' : 'window_close' };
  }
  return null;
}

/**
 * When a promotion that prices units at `at` stops doing so by its schedule: the earliest of `endsAt` and the close
 * of the current daily window (steps do not end it). `null` when it runs open-ended, or when it is not live at `at`.
 */
export function activeUntil(p: Promotion, at: Instant): Instant | null {
  if (!inSchedule(p, at)) return null;
  for (const c of candidates(p, at)) if (!inSchedule(p, c)) return c;
  return null;
}
