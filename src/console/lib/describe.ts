/** Promotions in plain words, for lists and the detail page. */
import { formatBps } from './money.ts';
import type { Kind, PromotionBody, Target } from './types.ts';

export const KIND_LABELS: Record<Kind, string> = {
  percent_off: 'Percent off',
  amount_off: 'Amount off',
  fixed_price: 'Fixed price',
  tiered: 'Buy more, save more',
  bundle: 'Bundle',
  mix_and_match: 'Mix and match',
  bxgy: 'Buy X get Y',
};

export function describeTarget(t: Target | undefined): string {
  const parts = [
    ...(t?.skus?.length ? [`SKU ${t.skus.join(', ')}`] : []),
    ...(t?.tags?.length ? [`tag ${t.tags.join(', ')}`] : []),
  ];
  return parts.join(' or ') || 'nothing';
}

/** `30% off tag winter`, `any 3 for $10.00 of SKU A, B`, … */
export function describeOffer(p: PromotionBody, money: (minor: number) => string): string {
  const on = describeTarget(p.target);
  switch (p.kind) {
    case 'percent_off': {
      const steps = p.steps?.length ? `, deepening to ${formatBps(p.steps[p.steps.length - 1]!.percentBps)}` : '';
      return `${formatBps(p.percentBps ?? 0)} off ${on}${steps}`;
    }
    case 'amount_off':
      return `${money(p.amount ?? 0)} off each unit of ${on}`;
    case 'fixed_price':
      return `${on} at ${money(p.price ?? 0)} each`;
    case 'tiered':
      return `${(p.tiers ?? []).map((t) => `${t.minQuantity}+ units ${formatBps(t.percentBps)} off`).join(', ')} on ${on}`;
    case 'bundle':
      return `${(p.items ?? []).map((i) => `${i.quantity}× ${i.sku}`).join(' + ')} for ${money(p.price ?? 0)}`;
    case 'mix_and_match':
      return `any ${p.quantity ?? 0} of ${on} for ${money(p.price ?? 0)}`;
    case 'bxgy':
      return `buy ${p.buy?.quantity ?? 0} of ${describeTarget(p.buy?.target)}, get ${p.get?.quantity ?? 0} of ${describeTarget(p.get?.target)} ${p.get?.percentBps === 10000 ? 'free' : `${formatBps(p.get?.percentBps ?? 0)} off`}`;
  }
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatInstant(iso: string | null | undefined): string {
  return iso ? dateTime.format(new Date(iso)) : '—';
}

export function describeWindow(p: PromotionBody): string {
  const end = p.endsAt ? `until ${formatInstant(p.endsAt)}` : 'no end date';
  const daily = p.dailyWindows?.length
    ? `; daily ${p.dailyWindows.map((w) => `${w.days.join('/')} ${w.from}–${w.to}`).join(', ')} (${p.timezone})`
    : '';
  return `${formatInstant(p.startsAt)}, ${end}${daily}`;
}
