import { describe, expect, test } from 'vitest';
import { type DailyWindow, isActiveAt, nextBoundary } from '../../../src/domain/pricing/index.ts';
import { DAY, HOUR, promo, T0 } from './fixtures.ts';

const Z = (iso: string) => Date.parse(iso);
const ALL: DailyWindow['days'] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const windowed = (tz: string, dailyWindows: DailyWindow[], extra = {}) =>
  promo('percent_off', { target: { skus: ['A'] }, percentBps: 1000, timezone: tz, dailyWindows, ...extra });

describe('nextBoundary', () => {
  const shanghai = windowed('Asia/Shanghai', [{ days: ALL, from: '18:00', to: '20:00' }], {
    startsAt: Z('2026-12-01T00:00:00Z'),
    endsAt: Z('2026-12-03T00:00:00Z'),
  });
  test.each([
    ['before start', Z('2026-11-30T00:00:00Z'), Z('2026-12-01T00:00:00Z'), 'start'],
    ['window opens', Z('2026-12-01T09:00:00Z'), Z('2026-12-01T10:00:00Z'), 'window_open'],
    ['strictly after: at the opening', Z('2026-12-01T10:00:00Z'), Z('2026-12-01T12:00:00Z'), 'window_close'],
    ['next day', Z('2026-12-01T12:00:00Z'), Z('2026-12-02T10:00:00Z'), 'window_open'],
    ['end, even while the window is closed', Z('2026-12-02T12:00:00Z'), Z('2026-12-03T00:00:00Z'), 'end'],
  ])('%s', (_, after, at, kind) => {
    expect(nextBoundary(shanghai, after)).toEqual({ at, kind });
  });

  test('after the end, for an ended promotion, or open-ended without windows → null', () => {
    expect(nextBoundary(shanghai, Z('2026-12-03T00:00:00Z'))).toBeNull();
    expect(nextBoundary({ ...shanghai, state: 'ended' }, T0 - DAY)).toBeNull();
    expect(nextBoundary(promo('amount_off', { target: { skus: ['A'] }, amount: 1 }), T0)).toBeNull();
  });

  test('steps, and a step while the window is closed shows as the next opening', () => {
    const p = promo('percent_off', {
      target: { skus: ['A'] },
      percentBps: 1000,
      steps: [{ afterSeconds: 3600, percentBps: 2000 }],
    });
    expect(nextBoundary(p, T0)).toEqual({ at: T0 + HOUR, kind: 'step' });
    const w = windowed('UTC', [{ days: ALL, from: '18:00', to: '20:00' }], {
      steps: [{ afterSeconds: 3600, percentBps: 2000 }],
    });
    expect(nextBoundary(w, T0)).toEqual({ at: T0 + 18 * HOUR, kind: 'window_open' });
  });

  test('weekly window: next Friday', () => {
    const fri = windowed('UTC', [{ days: ['fri'], from: '22:00', to: '02:00' }]);
    expect(nextBoundary(fri, Z('2026-12-05T02:00:00Z'))).toEqual({
      at: Z('2026-12-11T22:00:00Z'),
      kind: 'window_open',
    });
    expect(nextBoundary(fri, Z('2026-12-04T22:00:00Z'))).toEqual({
      at: Z('2026-12-05T02:00:00Z'),
      kind: 'window_close',
    });
  });

  describe('DST in America/New_York', () => {
    const ny = windowed('America/New_York', [{ days: ['sun'], from: '01:30', to: '02:30' }], {
      startsAt: Z('2026-01-01T00:00:00Z'),
    });
    test.each([
      ['spring: opens 01:30 EST', '2026-03-08T00:00:00Z', '2026-03-08T06:30:00Z', 'window_open'],
      [
        'spring: 02:30 does not exist → closes at the jump (03:00 EDT)',
        '2026-03-08T06:30:00Z',
        '2026-03-08T07:00:00Z',
        'window_close',
      ],
      ['fall: opens 01:30 EDT', '2026-11-01T00:00:00Z', '2026-11-01T05:30:00Z', 'window_open'],
      ['fall: the clock falls back to 01:00 → closes', '2026-11-01T05:30:00Z', '2026-11-01T06:00:00Z', 'window_close'],
      ['fall: 01:30 EST opens again', '2026-11-01T06:00:00Z', '2026-11-01T06:30:00Z', 'window_open'],
      ['fall: closes 02:30 EST', '2026-11-01T06:30:00Z', '2026-11-01T07:30:00Z', 'window_close'],
    ])('%s', (_, after, at, kind) => {
      expect(nextBoundary(ny, Z(after))).toEqual({ at: Z(at), kind });
    });

    test('spring: a window opening at a wall time that does not exist opens at the next existing instant', () => {
      const p = windowed('America/New_York', [{ days: ['sun'], from: '02:30', to: '04:00' }], {
        startsAt: Z('2026-01-01T00:00:00Z'),
      });
      expect(nextBoundary(p, Z('2026-03-08T00:00:00Z'))).toEqual({
        at: Z('2026-03-08T07:00:00Z'),
        kind: 'window_open',
      });
      expect(isActiveAt(p, Z('2026-03-08T06:59:59Z'))).toBe(false);
      expect(isActiveAt(p, Z('2026-03-08T07:00:00Z'))).toBe(true);
      expect(nextBoundary(p, Z('2026-03-08T07:00:00Z'))).toEqual({
        at: Z('2026-03-08T08:00:00Z'),
        kind: 'window_close',
      });
    });
  });
});
