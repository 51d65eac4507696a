import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import fc from 'fast-check';

/**
 * A schema-driven request fuzzer. It reads the operations from the app's own OpenAPI document (so a new route is
 * fuzzed without touching this file), builds a valid request for each from its schemas, then breaks it: one field of
 * the wrong type, out of range, too long, not matching its pattern, missing or unknown; hostile strings (NUL, lone
 * surrogates, RTL overrides, 100k characters), huge or non-finite numbers, deep nesting, malformed JSON, wrong media
 * types, bad path and query parameters, bad headers, bad credentials.
 *
 * Every request it calls malformed is checked against an independent validator built from the same published schemas
 * (the oracle), so "the server must answer 4xx" is never asserted of a request that is in fact valid.
 */

export type Schema = {
  type?: string | string[];
  nullable?: boolean;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  pattern?: string;
  format?: string;
  not?: Schema;
  default?: unknown;
  [k: string]: unknown;
};

export interface Param {
  name: string;
  schema: Schema;
  required: boolean;
}

export interface Operation {
  method: string;
  /** OpenAPI template, e.g. `/v1/promotions/{id}`. */
  path: string;
  pathParams: Param[];
  query: Param[];
  headers: Param[];
  /** JSON body schema; null when the route takes no JSON body. */
  body: Schema | null;
  /** Media types the route documents for its body (`text/csv` for imports). */
  bodyTypes: string[];
  /** No credentials needed (`security: []`). */
  isPublic: boolean;
}

interface OpenApiParam {
  in: string;
  name: string;
  required?: boolean;
  schema: Schema;
}
interface OpenApiOperation {
  parameters?: OpenApiParam[];
  requestBody?: { content: Record<string, { schema?: Schema }> };
  security?: unknown[];
}
export interface OpenApiDoc {
  paths: Record<string, Record<string, OpenApiOperation>>;
}

/** Every operation of the document, in document order. */
export function operationsOf(doc: OpenApiDoc): Operation[] {
  const ops: Operation[] = [];
  for (const [path, byMethod] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(byMethod)) {
      const params = op.parameters ?? [];
      const pick = (where: string) =>
        params
          .filter((p) => p.in === where)
          .map((p) => ({ name: p.name, schema: p.schema, required: p.required ?? where === 'path' }));
      const content = op.requestBody?.content ?? {};
      ops.push({
        method: method.toUpperCase(),
        path,
        pathParams: pick('path'),
        query: pick('query'),
        headers: pick('header'),
        body: content['application/json']?.schema ?? null,
        bodyTypes: Object.keys(content),
        isPublic: Array.isArray(op.security) && op.security.length === 0,
      });
    }
  }
  return ops;
}

// ---------------------------------------------------------------------------------------------------------------
// The oracle: validators built from the published schemas, as the contract describes them (bodies strict, text
// parts coerced), independent of the server's own compiled validators.

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv,
) => Ajv;

function makeAjv(coerce: boolean | 'array'): Ajv {
  const ajv = new Ajv({ coerceTypes: coerce, useDefaults: false, strict: false, allErrors: false });
  addFormats(ajv);
  return ajv;
}
const strictAjv = makeAjv(false);
const coercingAjv = makeAjv('array');
const compiled = new WeakMap<object, ValidateFunction>();

/** Whether `value` satisfies `schema` (a JSON body part: no coercion). */
export function satisfies(schema: Schema, value: unknown): boolean {
  let v = compiled.get(schema);
  if (!v) {
    v = strictAjv.compile(schema);
    compiled.set(schema, v);
  }
  // No coercion and no defaults: validation leaves `value` as it is (and deep values are never copied).
  return v(value) as boolean;
}

const paramValidators = new WeakMap<Param, ValidateFunction>();

/** Whether one text parameter (a string, or repeated strings) satisfies its schema, coerced as the server coerces. */
export function paramSatisfies(param: Param, value: string | string[] | undefined): boolean {
  let v = paramValidators.get(param);
  if (!v) {
    v = coercingAjv.compile({ type: 'object', properties: { p: param.schema }, required: param.required ? ['p'] : [] });
    paramValidators.set(param, v);
  }
  return v(value === undefined ? {} : { p: Array.isArray(value) ? [...value] : value }) as boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// Hostile values.

/** Pieces of JSON text inserted verbatim: numbers JSON.stringify cannot write, deep nesting. */
export class RawJson {
  constructor(readonly text: string) {}
}

/** JSON text of a value that may hold `RawJson` pieces. */
export function toJsonText(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${JSON.stringify(k)}:${toJsonText(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** What the server's JSON parser makes of `value` (RawJson resolved). */
export function parsedOf(value: unknown): unknown {
  return JSON.parse(toJsonText(value));
}

const HOSTILE_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u0000'.repeat(70),
  '\ud800',
  'x\udfffy',
  '\u202eevil',
  '\ufeffBOM',
  '\u200b',
  'é',
  'e\u0301',
  '😀'.repeat(40),
  '𝕏',
  '../../etc/passwd',
  '..',
  '.',
  '%00',
  '%zz',
  "' OR 1=1 --",
  '"; drop table products; --',
  '<script>alert(1)</script>',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a log4shell probe, meant literally
  '${jndi:ldap://127.0.0.1/a}',
  '__proto__',
  'constructor',
  'prototype',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-Infinity',
  '-0',
  '1e309',
  '9007199254740993',
  '-9007199254740993',
  '0x10',
  '1.5',
  'true',
  '[]',
  '{}',
  '\r\n\r\n',
  '\t',
  'ﾟ･✿ヾ╲(｡◕‿◕｡)╱✿･ﾟ',
  'Ω≈ç√∫',
  '田中さんにあげて下さい',
  '\u0001\u0002\u001f\u007f',
];

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 65, maxLength: 400 }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('x', '\u0000', 'é', '😀', ','), fc.integer({ min: 201, max: 100_000 }))
      .map(([c, n]) => c.repeat(n)),
  },
);

const HOSTILE_NUMBERS: unknown[] = [
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 53),
  -1,
  -2147483649,
  2147483648,
  0.5,
  -0.5,
  1e308,
  -1e308,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  1.0000001,
  new RawJson('1e999'),
  new RawJson('-1e999'),
  new RawJson('9007199254740993'),
  new RawJson('123456789012345678901234567890'),
  new RawJson('1.5e3'),
  new RawJson('-0.0'),
];

export const hostileNumber: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...HOSTILE_NUMBERS),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** Nesting deep enough to trip recursive parsers and validators: `[[[…]]]` or `{"a":{"a":…}}`. */
export const deepNesting: fc.Arbitrary<RawJson> = fc
  .tuple(fc.boolean(), fc.integer({ min: 50, max: 20_000 }))
  .map(([arr, n]) => new RawJson(arr ? `${'['.repeat(n)}${']'.repeat(n)}` : `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`));

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 3, arbitrary: hostileNumber },
  { weight: 1, arbitrary: fc.constantFrom(true, false, null) },
  { weight: 1, arbitrary: fc.constantFrom([], {}, [null], { '': null }, [[]], ['a', 1, null]) },
  { weight: 1, arbitrary: deepNesting },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

// ---------------------------------------------------------------------------------------------------------------
// Valid values from a schema.

const patterns = new Map<string, RegExp>();
function regex(pattern: string): RegExp {
  let r = patterns.get(pattern);
  if (!r) {
    r = new RegExp(pattern, 'u');
    patterns.set(pattern, r);
  }
  return r;
}

const validInstant = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true })
  .chain((d) =>
    fc.constantFrom(
      d.toISOString(),
      d.toISOString().replace('.000Z', 'Z'),
      d.toISOString().replace('Z', '+08:00'),
      d.toISOString().replace('Z', '-05:30'),
    ),
  );

function enumOf(schema: Schema): unknown[] | null {
  if (schema.enum) return schema.enum;
  if ('const' in schema) return [schema.const];
  return null;
}

function typesOf(schema: Schema): string[] {
  const t = schema.type;
  return Array.isArray(t) ? t : t ? [t] : [];
}

/**
 * Values that satisfy `schema`. Strings are hostile within their constraints (any Unicode where the schema allows it),
 * so valid requests probe the server's handling of strange but legal input.
 */
export function validArb(schema: Schema): fc.Arbitrary<unknown> {
  const base = validNonNull(schema);
  return schema.nullable ? fc.oneof({ weight: 4, arbitrary: base }, fc.constant(null)) : base;
}

function validNonNull(schema: Schema): fc.Arbitrary<unknown> {
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return fc.oneof(...union.map(validArb));
  const e = enumOf(schema);
  if (e) return fc.constantFrom(...e);
  const [type] = typesOf(schema);
  switch (type) {
    case 'object': {
      const props = schema.properties ?? {};
      const required = new Set(schema.required ?? []);
      const record = Object.fromEntries(Object.entries(props).map(([k, s]) => [k, validArb(s)]));
      return fc.record(record, { requiredKeys: [...required] as never[] });
    }
    case 'array': {
      const item = schema.items ? validArb(schema.items) : fc.jsonValue({ maxDepth: 1 });
      const min = schema.minItems ?? 0;
      const max = Math.min(schema.maxItems ?? 4, Math.max(min, 4));
      return schema.uniqueItems
        ? fc.uniqueArray(item, { minLength: min, maxLength: max, selector: (v) => JSON.stringify(v) })
        : fc.array(item, { minLength: min, maxLength: max });
    }
    case 'integer': {
      const min = Math.max(schema.minimum ?? -1e9, Number.MIN_SAFE_INTEGER);
      const max = Math.min(schema.maximum ?? 1e9, Number.MAX_SAFE_INTEGER);
      const notConst = schema.not && 'const' in schema.not ? schema.not.const : undefined;
      const edges = [min, max, Math.min(max, Math.max(min, 0)), Math.min(max, Math.max(min, 1))].filter(
        (n) => n !== notConst,
      );
      return fc
        .oneof(fc.constantFrom(...edges), fc.integer({ min, max }))
        .filter((n) => n !== notConst && n >= min && n <= max);
    }
    case 'number': {
      const min = schema.minimum ?? schema.exclusiveMinimum ?? -1e9;
      const max = schema.maximum ?? schema.exclusiveMaximum ?? 1e9;
      return fc
        .double({ min, max, noNaN: true, noDefaultInfinity: true })
        .filter(
          (n) =>
            (schema.exclusiveMinimum === undefined || n > schema.exclusiveMinimum) &&
            (schema.exclusiveMaximum === undefined || n < schema.exclusiveMaximum) &&
            !Object.is(n, -0),
        );
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'string':
      return validString(schema);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function validString(schema: Schema): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? 200;
  const fits = (s: string) => s.length >= min && s.length <= max;
  if (schema.format === 'date-time') return validInstant.filter(fits);
  if (schema.pattern) {
    const r = regex(schema.pattern);
    return fc
      .stringMatching(r, { size: 'small' })
      .map((s) => s.slice(0, max))
      .filter((s) => fits(s) && r.test(s));
  }
  return fc
    .oneof(
      fc.string({ unit: 'grapheme', minLength: min, maxLength: Math.min(max, 30) }),
      fc.string({ unit: 'binary', minLength: min, maxLength: Math.min(max, 30) }),
      fc.constantFrom(...HOSTILE_STRINGS),
    )
    .filter(fits);
}

// ---------------------------------------------------------------------------------------------------------------
// Breaking a valid value.

/** A value that violates `schema` at this node (wrong type, out of range, too long, bad pattern, bad enum…). */
export function invalidArb(schema: Schema): fc.Arbitrary<unknown> {
  const specific: fc.Arbitrary<unknown>[] = [];
  const types = typesOf(schema);
  if (types.includes('integer') || types.includes('number')) {
    const edges: unknown[] = [];
    if (schema.minimum !== undefined) edges.push(schema.minimum - 1, schema.minimum - 0.5);
    if (schema.maximum !== undefined) edges.push(schema.maximum + 1, schema.maximum + 0.5);
    if (schema.exclusiveMinimum !== undefined) edges.push(schema.exclusiveMinimum);
    if (schema.exclusiveMaximum !== undefined) edges.push(schema.exclusiveMaximum);
    if (edges.length > 0) specific.push(fc.constantFrom(...edges));
    specific.push(fc.constantFrom('1', '0', 'NaN', '1e3', ''));
  }
  if (types.includes('string')) {
    if (schema.maxLength !== undefined) {
      const n = schema.maxLength;
      specific.push(
        fc.tuple(fc.constantFrom('x', 'é', '😀', '\u0000'), fc.integer({ min: n + 1, max: n + 64 })).map(([c, k]) => {
          // Length in UTF-16 units, as JSON Schema counts code points: pad with one-unit characters to be sure.
          const s = c.repeat(k);
          return s.length > n && [...s].length > n ? s : 'x'.repeat(n + 1);
        }),
      );
    }
    if ((schema.minLength ?? 0) >= 1) specific.push(fc.constant(''));
    if (schema.format === 'date-time') {
      specific.push(
        fc.constantFrom(
          '2026-13-01T00:00:00Z',
          '2026-02-30T00:00:00Z',
          '2026-01-01',
          '2026-01-01T00:00:00',
          '2026-01-01T25:00:00Z',
          '1700000000',
          'now',
          '+275760-09-13T00:00:00Z',
          '2026-01-01T00:00:00Z\u0000',
        ),
      );
    }
    specific.push(fc.integer(), fc.constantFrom(true, null, [], {}));
  }
  const e = enumOf(schema);
  if (e)
    specific.push(
      hostileString,
      fc.constantFrom(...e.map((v) => `${String(v)} `), ...e.map((v) => String(v).toUpperCase())),
    );
  if (types.includes('array')) {
    if ((schema.minItems ?? 0) >= 1) specific.push(fc.constant([]));
    if (schema.maxItems !== undefined && schema.items) {
      const n = schema.maxItems;
      specific.push(
        validArb(schema.items).map((v) => {
          // Distinct copies where items must be unique, so only the length breaks the rule.
          return Array.from({ length: n + 1 }, (_, i) => (schema.uniqueItems ? distinct(v, i) : v));
        }),
      );
    }
    if (schema.uniqueItems && schema.items && (schema.maxItems ?? 2) >= 2) {
      specific.push(validArb(schema.items).map((v) => [v, v]));
    }
    specific.push(fc.constantFrom({}, 'a', 1, null));
  }
  if (types.includes('object')) specific.push(fc.constantFrom([], 'a', 1, null, true));
  const candidates = fc.oneof(...(specific.length > 0 ? [{ weight: 3, arbitrary: fc.oneof(...specific) }] : []), {
    weight: 2,
    arbitrary: hostileValue,
  });
  return candidates.filter((v) => !satisfies(schema, parsedOf(v)));
}

function distinct(v: unknown, i: number): unknown {
  if (typeof v === 'string') return `${v}${i}`;
  if (typeof v === 'number') return v + i;
  if (v && typeof v === 'object' && !Array.isArray(v)) return { ...v, __i: i };
  return [v, i];
}

/**
 * A copy of `value` (valid for `schema`) with one thing broken somewhere in it: a field replaced by an invalid value,
 * a required field removed, an unknown field added, an array item broken.
 */
export function breakArb(schema: Schema, value: unknown, depth = 0): fc.Arbitrary<unknown> {
  const options: fc.Arbitrary<unknown>[] = [invalidArb(schema)];
  if (schema.anyOf || schema.oneOf) {
    // Break it the way one branch would be broken (e.g. a string that almost is a literal).
    return fc.oneof(...options);
  }
  if (value && typeof value === 'object' && !Array.isArray(value) && schema.properties) {
    const obj = value as Record<string, unknown>;
    const present = Object.keys(obj).filter((k) => schema.properties![k]);
    if (present.length > 0 && depth < 6) {
      options.push(
        fc
          .constantFrom(...present)
          .chain((k) => breakArb(schema.properties![k]!, obj[k], depth + 1).map((v) => ({ ...obj, [k]: v }))),
      );
    }
    const required = (schema.required ?? []).filter((k) => k in obj);
    if (required.length > 0) {
      options.push(
        fc.constantFrom(...required).map((k) => {
          const { [k]: _dropped, ...rest } = obj;
          return rest;
        }),
      );
    }
    if (schema.additionalProperties === false) {
      options.push(
        fc
          .tuple(
            fc.oneof(
              fc.constantFrom('__proto__', 'constructor', 'extra', '', 'ID', ' name', '\u0000'),
              fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
            ),
            hostileValue,
          )
          .filter(([k]) => !(k in (schema.properties ?? {})))
          .map(([k, v]) => ({ ...obj, [k]: v })),
      );
    }
  }
  if (Array.isArray(value) && value.length > 0 && schema.items && depth < 6) {
    options.push(
      fc
        .integer({ min: 0, max: value.length - 1 })
        .chain((i) => breakArb(schema.items!, value[i], depth + 1).map((v) => value.map((x, j) => (j === i ? v : x)))),
    );
  }
  return fc.oneof(...options);
}

/** Text values for path/query/header parameters that break their schema (coerced as the server coerces). */
export function invalidParamArb(param: Param, where: 'path' | 'query' | 'header'): fc.Arbitrary<string | string[]> {
  const s = param.schema;
  const types = typesOf(s);
  const specific: fc.Arbitrary<string | string[]>[] = [hostileString];
  if (types.includes('integer') || types.includes('number')) {
    specific.push(
      fc.constantFrom('NaN', '1e3', '-1', '0', '501', '9007199254740993', '1.5', '', 'Infinity', '0x10', ' 1', '1 '),
      fc.integer().map(String),
    );
  }
  if (s.maxLength !== undefined) specific.push(fc.constant('x'.repeat(s.maxLength + 1)));
  if (where === 'query') specific.push(fc.tuple(validArb(s), validArb(s)).map(([a, b]) => [String(a), String(b), 'x']));
  const arb = fc.oneof(...specific).filter((v) => {
    if (where === 'header') {
      if (Array.isArray(v) || v.length === 0 || v.length > 8000) return v === '';
      // Only values a client can put in a header line (latin1, no CR/LF/NUL).
      if (!/^[\t\x20-\x7e\x80-\xff]*$/.test(v)) return false;
    }
    if (where === 'path' && (Array.isArray(v) || v.length === 0 || !isWellFormed(v))) return false;
    if (where === 'query' && (Array.isArray(v) ? v : [v]).some((x) => !isWellFormed(x))) return false;
    return !paramSatisfies(param, v);
  });
  return arb;
}

function isWellFormed(s: string): boolean {
  try {
    encodeURIComponent(s);
    return true;
  } catch {
    return false;
  }
}

/** Valid text for a parameter (path ids, query filters). */
export function validParamArb(param: Param): fc.Arbitrary<string> {
  return validArb(param.schema)
    .map((v) => String(v))
    .filter((v) => isWellFormed(v) && paramSatisfies(param, v));
}
