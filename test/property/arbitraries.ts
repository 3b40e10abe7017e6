/**
 * Hostile input for the property-based tests: arbitrary JSON, wrong types where a field is expected,
 * huge and exotic strings, nesting around and far beyond the 64-level limit, and objects whose
 * `toString` / `valueOf` are not functions (what JSON.parse gives for {"toString": 1}).
 */
import fc from 'fast-check';
import { JSON_MAX_DEPTH } from '../../src/server/json-body.js';

/** Any JSON value, a few levels deep (fast-check's own, with unicode keys and strings). */
export const junk: fc.Arbitrary<unknown> = fc.jsonValue({ maxDepth: 3 });

/** Strings a person or an attacker might send: unicode, graphemes, lone surrogates, control characters, Vietnamese. */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom(
    'lương tối thiểu vùng 1',
    'luong toi thieu vung 1',
    'cho em gặp cán bộ',
    'nghỉ phép năm bao nhiêu ngày',
    'Ho\u0300a\u200b thuỷ',
    '\u0000\u0007\u001b[31m',
    '<img src=x onerror=alert(1)>',
    '{{min_wage_region_1_monthly}}',
    '\ud800',
    '',
    ' ',
  ),
);

/** A long string: a short piece repeated up to `max` times (never above the bodies' byte limits by itself). */
export const hugeText = (max: number): fc.Arbitrary<string> =>
  fc.tuple(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 4 }), fc.integer({ min: 500, max })).map(([piece, n]) => piece.repeat(n));

/** An object JSON.parse can produce whose conversion to a string throws ("Cannot convert object to primitive value"). */
export const unprintable: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.record({ toString: junk }, { noNullPrototype: true }).filter((o) => typeof o.toString !== 'function'),
  fc.constant({ toString: 1, valueOf: 2 }),
);

/** A value of the right kind most of the time, anything else otherwise. */
export const mostly = <T>(good: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: 3, arbitrary: good as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: junk });

/** `value` wrapped in `depth` arrays or objects (built without recursion, stringified by JSON.stringify). */
export function nested(depth: number, value: unknown, kind: 'array' | 'object' = 'array'): unknown {
  let v = value;
  for (let i = 0; i < depth; i++) v = kind === 'array' ? [v] : { a: v };
  return v;
}

/** A nesting depth: around the limit most of the time, sometimes far beyond it. */
export const depthAroundLimit: fc.Arbitrary<number> = fc.oneof(fc.integer({ min: JSON_MAX_DEPTH - 8, max: JSON_MAX_DEPTH + 8 }), fc.constantFrom(1000, 10_000));

/** JSON text nested `depth` deep: '[[[…]]]' (as text, since JSON.stringify would recurse). */
export const deepJsonText = (depth: number, inner = '0'): string => `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;
