import { describe, expect, test } from 'vitest';
import {
  activeUntil,
  currentPercentBps,
  type DailyWindow,
  isActiveAt,
  stateAt,
} from '../../../src/domain/pricing/index.ts';
import { DAY, HOUR, item, promo, run, T0 } from './fixtures.ts';

const Z = (iso: string) => Date.parse(iso);
const ALL: DailyWindow['days'] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const windowed = (tz: string, dailyWindows: DailyWindow[], extra = {}) =>
  promo('percent_off', { target: { skus: ['A'] }, percentBps: 1000, timezone: tz, dailyWindows, ...extra });

describe('start and end', () => {
  const p = promo('percent_off', { target: { skus: ['A'] }, percentBps: 1000, endsAt: T0 + 10 * DAY });
  test.each([
    ['1 ms before start', T0 - 1, false],
    ['at start (inclusive)', T0, true],
    ['1 ms before end', T0 + 10 * DAY - 1, true],
    ['at end (exclusive)', T0 + 10 * DAY, false],
  ])('%s', (_, at, active) => {
    expect(isActiveAt(p, at)).toBe(active);
  });
});

describe('daily windows', () => {
  test.each([
    ['17:59:59.999', Z('2026-12-02T17:59:59.999Z'), false],
    ['18:00 (inclusive)', Z('2026-12-02T18:00:00Z'), true],
    ['19:59:59.999', Z('2026-12-02T19:59:59.999Z'), true],
    ['20:00 (exclusive)', Z('2026-12-02T20:00:00Z'), false],
  ])('UTC 18:00–20:00 at %s', (_, at, active) => {
    expect(isActiveAt(windowed('UTC', [{ days: ALL, from: '18:00', to: '20:00' }]), at)).toBe(active);
  });

  test('Asia/Shanghai 18:00–20:00 is 10:00Z–12:00Z', () => {
    const p = windowed('Asia/Shanghai', [{ days: ALL, from: '18:00', to: '20:00' }]);
    expect(isActiveAt(p, Z('2026-12-02T09:59:00Z'))).toBe(false);
    expect(isActiveAt(p, Z('2026-12-02T10:00:00Z'))).toBe(true);
    expect(isActiveAt(p, Z('2026-12-02T12:00:00Z'))).toBe(false);
  });

  describe('a window across midnight belongs to the day it starts', () => {
    const fri = windowed('UTC', [{ days: ['fri'], from: '22:00', to: '02:00' }]);
    const friSat = windowed('UTC', [{ days: ['fri', 'sat'], from: '22:00', to: '02:00' }]);
    test.each([
      ['Fri 21:59', '2026-12-04T21:59:00Z', false, false],
      ['Fri 22:00', '2026-12-04T22:00:00Z', true, true],
      ['Sat 01:00', '2026-12-05T01:00:00Z', true, true],
      ['Sat 02:00', '2026-12-05T02:00:00Z', false, false],
      ['Sat 22:00', '2026-12-05T22:00:00Z', false, true],
      ['Sun 01:00', '2026-12-06T01:00:00Z', false, true],
      ['Fri 01:00 (Thursday not listed)', '2026-12-04T01:00:00Z', false, false],
    ])('%s', (_, iso, onlyFri, withSat) => {
      expect(isActiveAt(fri, Z(iso))).toBe(onlyFri);
      expect(isActiveAt(friSat, Z(iso))).toBe(withSat);
    });
  });

  test('to 00:00 and 24:00 both mean midnight', () => {
    for (const to of ['00:00', '24:00']) {
      const p = windowed('UTC', [{ days: ['tue'], from: '22:00', to }]);
      expect(isActiveAt(p, Z('2026-12-01T23:59:59Z'))).toBe(true);
      expect(isActiveAt(p, Z('2026-12-02T00:00:00Z'))).toBe(false);
    }
  });

  describe('DST in America/New_York: the wall clock decides', () => {
    const ny = windowed('America/New_York', [{ days: ['sun'], from: '01:30', to: '02:30' }], {
      startsAt: Z('2026-01-01T00:00:00Z'),
    });
    test.each([
      // 2026-03-08 spring forward: 02:00 EST → 03:00 EDT at 07:00Z; 02:30 never happens.
      ['spring 01:29 EST', '2026-03-08T06:29:00Z', false],
      ['spring 01:30 EST', '2026-03-08T06:30:00Z', true],
      ['spring 01:59 EST', '2026-03-08T06:59:59Z', true],
      ['spring 03:00 EDT', '2026-03-08T07:00:00Z', false],
      // 2026-11-01 fall back: 02:00 EDT → 01:00 EST at 06:00Z; 01:00–01:59 happens twice.
      ['fall 01:29 EDT', '2026-11-01T05:29:00Z', false],
      ['fall 01:30 EDT', '2026-11-01T05:30:00Z', true],
      ['fall 01:00 EST (repeated hour, before 01:30)', '2026-11-01T06:00:00Z', false],
      ['fall 01:30 EST', '2026-11-01T06:30:00Z', true],
      ['fall 02:29 EST', '2026-11-01T07:29:00Z', true],
      ['fall 02:30 EST', '2026-11-01T07:30:00Z', false],
    ])('%s', (_, iso, active) => {
      expect(isActiveAt(ny, Z(iso))).toBe(active);
    });
  });
});

describe('steps deepen a percent_off', () => {
  const p = promo('percent_off', {
    target: { skus: ['A'] },
    percentBps: 2000,
    steps: [
      { afterSeconds: 86_400, percentBps: 4000 },
      { afterSeconds: 172_800, percentBps: 6000 },
    ],
  });
  test.each([
    [T0, 2000, 800],
    [T0 + DAY - 1, 2000, 800],
    [T0 + DAY, 4000, 600],
    [T0 + 2 * DAY, 6000, 400],
    [T0 + 30 * DAY, 6000, 400],
  ])('at T0+%#', (at, bps, price) => {
    expect(currentPercentBps(p, at)).toBe(bps);
    expect(run({ items: [item('A', 1000)], promos: [p], lines: [['A', 1]], at }).total).toBe(price);
  });
});

describe('stateAt', () => {
  const base = { endsAt: T0 + 10 * DAY, timezone: 'UTC', dailyWindows: [{ days: ALL, from: '18:00', to: '20:00' }] };
  test.each([
    ['before start', 'active', T0 - 1, 'scheduled'],
    ['running, inside a window', 'active', T0 + 18 * HOUR, 'active'],
    ['running, between windows', 'active', T0 + 12 * HOUR, 'active'],
    ['paused', 'paused', T0 + HOUR, 'paused'],
    ['paused before start', 'paused', T0 - 1, 'paused'],
    ['at endsAt', 'active', T0 + 10 * DAY, 'ended'],
    ['paused past endsAt', 'paused', T0 + 11 * DAY, 'ended'],
    ['ended by the merchant', 'ended', T0 + HOUR, 'ended'],
  ] as const)('%s', (_, state, at, status) => {
    expect(stateAt(promo('percent_off', { ...base, state }), at)).toBe(status);
  });
});

describe('activeUntil', () => {
  test('the earlier of endsAt and the window close; null when open or not live', () => {
    const w = windowed('UTC', [{ days: ALL, from: '18:00', to: '20:00' }], { endsAt: T0 + 10 * DAY });
    expect(activeUntil(w, T0 + 19 * HOUR)).toBe(T0 + 20 * HOUR);
    expect(activeUntil(w, T0 + 12 * HOUR)).toBeNull();
    const e = promo('amount_off', { target: { skus: ['A'] }, amount: 1, endsAt: T0 + DAY });
    expect(activeUntil(e, T0)).toBe(T0 + DAY);
    expect(activeUntil({ ...e, endsAt: null }, T0)).toBeNull();
  });
});
