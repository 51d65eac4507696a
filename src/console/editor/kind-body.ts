import type { PromotionBody } from '../lib/types.ts';
import type { Draft, Reader } from './draft.ts';

type KindPart = Omit<PromotionBody, 'name' | 'kind' | 'startsAt'>;

/** The kind-specific fields of the body: only those the kind accepts (the API refuses the others). */
export function kindFields(d: Draft, r: Reader): KindPart {
  switch (d.kind) {
    case 'percent_off': {
      const steps = d.steps.map((s, i) => {
        const days = /^\s*\d+(\.\d+)?\s*$/.test(s.afterDays) ? Number(s.afterDays) : Number.NaN;
        if (!(days > 0)) r.fail(`steps.${i}.afterDays`, 'Enter days after the start, e.g. 7 or 0.5.');
        return { afterSeconds: Math.round(days * 86400), percentBps: r.percent(`steps.${i}.percent`, s.percent) ?? 0 };
      });
      return {
        target: r.target('target', d.target),
        percentBps: r.percent('percent', d.percent),
        ...(steps.length > 0 && { steps }),
      };
    }
    case 'amount_off':
      return { target: r.target('target', d.target), amount: r.money('amount', d.amount) };
    case 'fixed_price':
      return { target: r.target('target', d.target), price: r.money('price', d.price) };
    case 'tiered':
      return {
        target: r.target('target', d.target),
        tiers: d.tiers.map((t, i) => ({
          minQuantity: r.count(`tiers.${i}.minQuantity`, t.minQuantity) ?? 0,
          percentBps: r.percent(`tiers.${i}.percent`, t.percent) ?? 0,
        })),
      };
    case 'bundle':
      return {
        items: d.items.map((it, i) => ({
          sku: it.sku.trim() || (r.fail(`items.${i}.sku`, 'Enter a SKU.') ?? ''),
          quantity: r.count(`items.${i}.quantity`, it.quantity) ?? 0,
        })),
        price: r.money('price', d.price),
      };
    case 'mix_and_match':
      return {
        target: r.target('target', d.target),
        quantity: r.count('quantity', d.quantity),
        price: r.money('price', d.price),
      };
    case 'bxgy':
      return {
        buy: {
          target: r.target('buy.target', d.buy.target) ?? {},
          quantity: r.count('buy.quantity', d.buy.quantity) ?? 0,
        },
        get: {
          target: r.target('get.target', d.get.target) ?? {},
          quantity: r.count('get.quantity', d.get.quantity) ?? 0,
          percentBps: r.percent('get.percent', d.get.percent) ?? 0,
        },
      };
  }
}
