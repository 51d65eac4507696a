import { useState } from 'preact/hooks';
import { Field } from '../components/field.tsx';
import { ErrorNote, LiveStatus } from '../components/notes.tsx';
import { useConsole } from '../lib/context.ts';
import { useAction } from '../lib/hooks.ts';
import { bpsToPercentText, formatBps, parseMoney, parsePercent, toDecimal } from '../lib/money.ts';
import type { Product } from '../lib/types.ts';

const SKU = /^[A-Za-z0-9._-]{1,64}$/;

/** Create or update a product's description, prices and margin settings. */
export function ProductForm(props: { product: Product | null; onSaved(p: Product): void }) {
  const { api, digits, money, merchant } = useConsole();
  const p = props.product;
  const [sku, setSku] = useState(p?.sku ?? '');
  const [name, setName] = useState(p?.name ?? '');
  const [listPrice, setListPrice] = useState(p ? toDecimal(p.listPrice, digits) : '');
  const [unitCost, setUnitCost] = useState(p ? toDecimal(p.unitCost, digits) : '');
  const [tags, setTags] = useState(p?.tags.join(', ') ?? '');
  const [minMargin, setMinMargin] = useState(p?.minMarginBps == null ? '' : bpsToPercentText(p.minMarginBps));
  const [floorPrice, setFloorPrice] = useState(p?.floorPrice == null ? '' : toDecimal(p.floorPrice, digits));
  const [tried, setTried] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const action = useAction();

  const list = parseMoney(listPrice, digits);
  const cost = parseMoney(unitCost, digits);
  const margin = minMargin.trim() === '' ? null : parsePercent(minMargin);
  const floor = floorPrice.trim() === '' ? null : parseMoney(floorPrice, digits);
  const errors = {
    sku: SKU.test(sku) ? null : 'Use 1–64 letters, digits, dot, dash or underscore.',
    name: name.trim() ? null : 'Give the product a name.',
    listPrice: list === null ? 'Enter a price such as 19.99.' : null,
    unitCost: cost === null ? 'Enter the unit cost such as 7.50.' : null,
    minMargin: minMargin.trim() !== '' && (margin === null || margin > 9999) ? 'Enter a percentage below 100.' : null,
    floorPrice: floorPrice.trim() !== '' && floor === null ? 'Enter a price or leave empty.' : null,
  };
  const valid = Object.values(errors).every((e) => e === null);
  const show = (field: keyof typeof errors) => (tried ? errors[field] : null);

  const submit = (e: Event) => {
    e.preventDefault();
    setTried(true);
    setStatus(null);
    if (!valid) return;
    void action.run(async () => {
      const body = {
        name: name.trim(),
        listPrice: list!,
        unitCost: cost!,
        tags: [...new Set(tags.split(/[\s,;]+/).filter(Boolean))],
        minMarginBps: margin,
        floorPrice: floor,
      };
      const saved = await api<Product>('PUT', `/v1/products/${encodeURIComponent(sku)}`, body);
      setStatus(`Saved. The margin floor is now ${money(saved.floor)}.`);
      props.onSaved(saved);
    });
  };

  return (
    <form class="card" onSubmit={submit} noValidate aria-labelledby="product-form-title">
      <h2 id="product-form-title">Details and prices</h2>
      {!p && <Field label="SKU" value={sku} onValue={setSku} error={show('sku')} autoComplete="off" />}
      <Field label="Name" value={name} onValue={setName} error={show('name')} />
      <div class="row">
        <Field
          label="List price"
          inputMode="decimal"
          value={listPrice}
          onValue={setListPrice}
          error={show('listPrice')}
          suffix={merchant.currency}
        />
        <Field
          label="Unit cost"
          inputMode="decimal"
          value={unitCost}
          onValue={setUnitCost}
          error={show('unitCost')}
          suffix={merchant.currency}
        />
      </div>
      <Field label="Tags" value={tags} onValue={setTags} hint="Separated by commas, e.g. winter, outerwear." />
      <div class="row">
        <Field
          label="Minimum margin"
          inputMode="decimal"
          value={minMargin}
          onValue={setMinMargin}
          suffix="%"
          error={show('minMargin')}
          hint={`Empty: the merchant default, ${formatBps(merchant.defaultMinMarginBps)}.`}
        />
        <Field
          label="Floor price"
          inputMode="decimal"
          value={floorPrice}
          onValue={setFloorPrice}
          suffix={merchant.currency}
          error={show('floorPrice')}
          hint="Optional: never sell below this."
        />
      </div>
      {p && <p class="hint">Effective floor: {money(p.floor)}</p>}
      <button type="submit" disabled={action.busy}>
        {action.busy ? 'Saving…' : p ? 'Save product' : 'Create product'}
      </button>
      <LiveStatus>{status}</LiveStatus>
      <ErrorNote message={action.error} />
    </form>
  );
}
