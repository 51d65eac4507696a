import fc from 'fast-check';
import { MAX_UNIT_PRICE } from '../../../src/domain/money.ts';

export const HEADER = 'sku,name,listPrice,unitCost,tags,onHand';

/** A generated CSV row and what the import must make of it. */
export interface CsvRow {
  text: string;
  /** Good rows are applied with these values; bad rows are reported and change nothing. */
  good: boolean;
  sku: string;
  why: string;
  values?: { name: string; listPrice: number; unitCost: number; tags: string[]; onHand: number };
}

const quote = (s: string) => (/[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replaceAll('"', '""')}"` : s);

const goodName = fc
  .oneof(
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }),
    fc.constantFrom('Wool coat, navy', 'He said "cheap"', '田中さん', '😀 sale', "O'Brien"),
  )
  .filter(
    (s) => s.trim().length > 0 && s.trim().length <= 200 && !/[\r\n]/.test(s) && !s.includes(String.fromCharCode(0)),
  );

/** One good row with a unique SKU built from `id`. */
function goodRow(id: string): fc.Arbitrary<CsvRow> {
  return fc
    .record({
      name: goodName,
      listPrice: fc.oneof(fc.integer({ min: 0, max: MAX_UNIT_PRICE }), fc.constantFrom(0, MAX_UNIT_PRICE)),
      unitCost: fc.integer({ min: 0, max: 1_000_000 }),
      tags: fc.uniqueArray(fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/), { maxLength: 3 }),
      onHand: fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.constant(1_000_000_000)),
    })
    .map((v) => ({
      text: [id, quote(v.name), v.listPrice, v.unitCost, v.tags.join(';'), v.onHand].join(','),
      good: true,
      sku: id,
      why: 'good',
      values: { ...v, name: v.name.trim() },
    }));
}

/** One row that the import must refuse, and why. */
function badRow(id: string): fc.Arbitrary<CsvRow> {
  const ok = ['x', '100', '50', 'a', '1'];
  const row = (sku: string, ...fields: string[]) => [sku, ...fields].join(',');
  return fc
    .oneof(
      fc.constant({ why: 'too few columns', text: row(id, 'x', '100') }),
      fc.constant({ why: 'too many columns', text: row(id, ...ok, 'extra') }),
      fc.constant({ why: '100k columns', text: row(id, ...Array.from({ length: 100_000 }, () => 'x')) }),
      fc
        .constantFrom('Å', 'a b', 'x'.repeat(65), '../x', 'é', '"quoted sku"')
        .map((sku) => ({ why: `bad sku ${sku.slice(0, 10)}`, text: row(quote(sku), ...ok), sku })),
      fc
        .constantFrom('12.50', '-1', '1e3', String(MAX_UNIT_PRICE + 1), '9007199254740993', '', 'NaN', '0x10', '１２')
        .map((p) => ({ why: `bad listPrice ${p}`, text: row(id, 'x', p, '50', 'a', '1') })),
      fc
        .constantFrom('-5', '1000000001', '1.5', 'many')
        .map((n) => ({ why: `bad onHand ${n}`, text: row(id, 'x', '100', '50', 'a', n) })),
      fc.constant({ why: 'empty name', text: row(id, '""', '100', '50', 'a', '1') }),
      fc.constant({ why: 'long name', text: row(id, 'n'.repeat(201), '100', '50', 'a', '1') }),
      fc.constant({ why: 'tag with a space', text: row(id, 'x', '100', '50', '"a b"', '1') }),
      fc.constant({
        why: '51 tags',
        text: row(id, 'x', '100', '50', Array.from({ length: 51 }, (_, i) => `t${i}`).join(';'), '1'),
      }),
    )
    .map((r) => ({ good: false, sku: 'sku' in r ? (r.sku as string) : id, why: r.why, text: r.text }));
}

/** A CSV of good and bad rows (SKUs `<prefix>-<n>`), with BOM or not, LF or CRLF. */
export function csvFileArb(prefix: string): fc.Arbitrary<{ text: string; rows: CsvRow[] }> {
  return fc
    .tuple(
      fc.array(fc.boolean(), { minLength: 1, maxLength: 25 }),
      fc.boolean(),
      fc.constantFrom('\n', '\r\n'),
      fc.boolean(),
    )
    .chain(([kinds, bom, eol, finalEol]) =>
      fc
        .tuple(...kinds.map((good, i) => (good ? goodRow(`${prefix}-${i}`) : badRow(`${prefix}-${i}`))))
        .map((rows) => ({
          rows,
          text: `${bom ? '\ufeff' : ''}${[HEADER, ...rows.map((r) => r.text)].join(eol)}${finalEol ? eol : ''}`,
        })),
    );
}

/** Files that are not a product CSV at all: each must be refused before anything is stored. */
export const badFileArb: fc.Arbitrary<{ why: string; body: Buffer; type: string }> = fc.oneof(
  fc.tuple(fc.integer({ min: 0, max: 80 }), fc.constantFrom('\u0000', 'a\u0000b')).map(([at, nul]) => {
    const text = `${HEADER}\nA,x,1,1,,1\n`;
    const i = Math.min(at, text.length);
    return { why: 'NUL byte', body: Buffer.from(text.slice(0, i) + nul + text.slice(i)), type: 'text/csv' };
  }),
  fc
    .constantFrom([0xff], [0xfe, 0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80])
    .map((bytes) => ({
      why: 'invalid UTF-8',
      body: Buffer.concat([Buffer.from(`${HEADER}\nA,`), Buffer.from(bytes), Buffer.from(',1,1,,1\n')]),
      type: 'text/csv',
    })),
  fc
    .constantFrom(
      'sku,name,price',
      'SKU,NAME,LISTPRICE,UNITCOST,TAGS,ONHAND',
      'name,sku,listPrice,unitCost,tags,onHand',
      `${HEADER},extra`,
      'sku;name;listPrice;unitCost;tags;onHand',
      '"sku,name",listPrice,unitCost,tags,onHand',
      'A,x,1,1,,1',
      '\ufeff',
      ' ',
      '"',
    )
    .map((header) => ({
      why: `header ${header.slice(0, 20)}`,
      body: Buffer.from(`${header}\nA,x,1,1,,1\n`),
      type: 'text/csv',
    })),
  fc.constant({
    why: 'header of 100k columns',
    body: Buffer.from(`${Array.from({ length: 100_000 }, (_, i) => `c${i}`).join(',')}\nA\n`),
    type: 'text/csv',
  }),
  fc.constant({ why: 'empty', body: Buffer.alloc(0), type: 'text/csv' }),
  fc
    .constantFrom('application/json', 'text/plain', 'application/octet-stream', 'multipart/form-data; boundary=x')
    .map((type) => ({
      why: `media ${type}`,
      body: Buffer.from(type === 'application/json' ? '{"sku":"A"}' : `${HEADER}\nA,x,1,1,,1\n`),
      type,
    })),
);
