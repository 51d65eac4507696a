/**
 * The promotion editor's form state: every field as the text the merchant typed. `draftToBody` turns it into the
 * API body (money and percentages parsed exactly) or field errors; `draftFromPromotion` goes the other way.
 */
import { bpsToPercentText, parseMoney, parsePercent, toDecimal } from '../lib/money.ts';
import type { Day, Kind, Promotion, PromotionBody, Target } from '../lib/types.ts';
import { kindFields } from './kind-body.ts';

export interface TargetDraft {
  skus: string;
  tags: string;
}

export interface Draft {
  name: string;
  kind: Kind;
  target: TargetDraft;
  percent: string;
  amount: string;
  price: string;
  quantity: string;
  tiers: { minQuantity: string; percent: string }[];
  items: { sku: string; quantity: string }[];
  buy: { target: TargetDraft; quantity: string };
  get: { target: TargetDraft; quantity: string; percent: string };
  /** `datetime-local` values, in the browser's time zone. */
  startsAt: string;
  endsAt: string;
  /** The saved instants, kept exact while their inputs are untouched (inputs have minute precision). */
  savedStartsAt: string | null;
  savedEndsAt: string | null;
  timezone: string;
  windows: { days: Day[]; from: string; to: string }[];
  steps: { afterDays: string; percent: string }[];
  stockCap: string;
  perCustomerLimit: string;
  priority: string;
  onFloorBreach: 'reject' | 'clamp';
}

export type Errors = Record<string, string>;

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant as a `datetime-local` value in the browser's zone. */
export function toLocalInput(iso: string | number): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

const emptyTarget = (): TargetDraft => ({ skus: '', tags: '' });

export function emptyDraft(timezone: string, now = Date.now()): Draft {
  return {
    name: '',
    kind: 'percent_off',
    target: emptyTarget(),
    percent: '',
    amount: '',
    price: '',
    quantity: '3',
    tiers: [{ minQuantity: '2', percent: '10' }],
    items: [
      { sku: '', quantity: '1' },
      { sku: '', quantity: '1' },
    ],
    buy: { target: emptyTarget(), quantity: '2' },
    get: { target: emptyTarget(), quantity: '1', percent: '100' },
    startsAt: toLocalInput(now),
    endsAt: toLocalInput(now + 7 * 86400_000),
    savedStartsAt: null,
    savedEndsAt: null,
    timezone,
    windows: [],
    steps: [],
    stockCap: '',
    perCustomerLimit: '',
    priority: '0',
    onFloorBreach: 'reject',
  };
}

const targetDraft = (t: Target | undefined): TargetDraft => ({
  skus: t?.skus?.join(', ') ?? '',
  tags: t?.tags?.join(', ') ?? '',
});
const num = (n: number | null | undefined) => (n == null ? '' : String(n));

export function draftFromPromotion(p: Promotion, digits: number, merchantTimezone: string): Draft {
  const base = emptyDraft(p.timezone ?? merchantTimezone);
  return {
    ...base,
    name: p.name,
    kind: p.kind,
    target: targetDraft(p.target),
    percent: p.percentBps == null ? '' : bpsToPercentText(p.percentBps),
    amount: p.amount == null ? '' : toDecimal(p.amount, digits),
    price: p.price == null ? '' : toDecimal(p.price, digits),
    quantity: num(p.quantity) || base.quantity,
    tiers:
      p.tiers?.map((t) => ({ minQuantity: String(t.minQuantity), percent: bpsToPercentText(t.percentBps) })) ??
      base.tiers,
    items: p.items?.map((i) => ({ sku: i.sku, quantity: String(i.quantity) })) ?? base.items,
    buy: p.buy ? { target: targetDraft(p.buy.target), quantity: String(p.buy.quantity) } : base.buy,
    get: p.get
      ? {
          target: targetDraft(p.get.target),
          quantity: String(p.get.quantity),
          percent: bpsToPercentText(p.get.percentBps),
        }
      : base.get,
    startsAt: toLocalInput(p.startsAt),
    endsAt: p.endsAt ? toLocalInput(p.endsAt) : '',
    savedStartsAt: p.startsAt,
    savedEndsAt: p.endsAt ?? null,
    windows: p.dailyWindows?.map((w) => ({ ...w, days: [...w.days] })) ?? [],
    steps:
      p.steps?.map((s) => ({ afterDays: String(s.afterSeconds / 86400), percent: bpsToPercentText(s.percentBps) })) ??
      [],
    stockCap: num(p.stockCap),
    perCustomerLimit: num(p.perCustomerLimit),
    priority: String(p.priority ?? 0),
    onFloorBreach: p.onFloorBreach ?? 'reject',
  };
}

const list = (text: string) => [...new Set(text.split(/[\s,;]+/).filter(Boolean))];

/** Parses typed fields, collecting one message per bad field under its key (`tiers.1.percent`). */
export class Reader {
  readonly errors: Errors = {};
  constructor(readonly digits: number) {}
  fail(key: string, message: string): undefined {
    this.errors[key] ??= message;
    return undefined;
  }
  money(key: string, text: string): number | undefined {
    return parseMoney(text, this.digits) ?? this.fail(key, 'Enter an amount such as 12.50.');
  }
  percent(key: string, text: string): number | undefined {
    const bps = parsePercent(text);
    return bps !== null && bps > 0 ? bps : this.fail(key, 'Enter a percentage between 0.01 and 100.');
  }
  count(key: string, text: string): number | undefined {
    return /^\s*\d+\s*$/.test(text) && Number(text) >= 1
      ? Number(text)
      : this.fail(key, 'Enter a whole number, 1 or more.');
  }
  optionalCount(key: string, text: string): number | null | undefined {
    return text.trim() === '' ? null : this.count(key, text);
  }
  target(key: string, t: TargetDraft): Target | undefined {
    const skus = list(t.skus);
    const tags = list(t.tags);
    if (skus.length + tags.length === 0) return this.fail(key, 'Name at least one SKU or tag.');
    return { ...(skus.length > 0 && { skus }), ...(tags.length > 0 && { tags }) };
  }
  instant(key: string, local: string, saved: string | null, required: boolean): string | null | undefined {
    if (local.trim() === '') return required ? this.fail(key, 'Pick a date and time.') : null;
    if (saved && toLocalInput(saved) === local) return saved;
    const ms = new Date(local).getTime();
    return Number.isNaN(ms) ? this.fail(key, 'Pick a valid date and time.') : new Date(ms).toISOString();
  }
}

/** The API body for the draft, or the errors that keep it from being one. */
export function draftToBody(d: Draft, digits: number): { body: PromotionBody | null; errors: Errors } {
  const r = new Reader(digits);
  if (!d.name.trim()) r.fail('name', 'Give the promotion a name.');
  const startsAt = r.instant('startsAt', d.startsAt, d.savedStartsAt, true);
  const endsAt = r.instant('endsAt', d.endsAt, d.savedEndsAt, false);
  if (startsAt && endsAt && Date.parse(endsAt) <= Date.parse(startsAt))
    r.fail('endsAt', 'The end must be after the start.');
  const windows = d.windows.map((w, i) => {
    if (w.days.length === 0) r.fail(`windows.${i}.days`, 'Tick at least one day.');
    if (!/^\d\d:\d\d$/.test(w.from)) r.fail(`windows.${i}.from`, 'Enter a time such as 18:00.');
    if (!/^\d\d:\d\d$/.test(w.to)) r.fail(`windows.${i}.to`, 'Enter a time such as 20:00.');
    else if (w.to === w.from) r.fail(`windows.${i}.to`, 'The window must end at a different time.');
    return { days: w.days, from: w.from, to: w.to };
  });
  if (windows.length > 0 && !d.timezone.trim()) r.fail('timezone', 'Daily windows need a time zone.');
  const body: PromotionBody = {
    name: d.name.trim(),
    kind: d.kind,
    ...kindFields(d, r),
    startsAt: startsAt ?? '',
    endsAt: endsAt ?? null,
    ...(windows.length > 0 && { timezone: d.timezone.trim(), dailyWindows: windows }),
    stockCap: r.optionalCount('stockCap', d.stockCap) ?? null,
    perCustomerLimit: r.optionalCount('perCustomerLimit', d.perCustomerLimit) ?? null,
    priority: /^\s*-?\d+\s*$/.test(d.priority)
      ? Number(d.priority)
      : (r.fail('priority', 'Enter a whole number.') ?? 0),
    onFloorBreach: d.onFloorBreach,
  };
  return Object.keys(r.errors).length > 0 ? { body: null, errors: r.errors } : { body, errors: {} };
}
