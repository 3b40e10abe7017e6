/**
 * Hostile input for the property-based tests: arbitrary JSON, wrong types where a field is expected,
 * huge and exotic strings, nesting around and far beyond the 64-level limit, objects whose
 * `toString` / `valueOf` are not functions (what JSON.parse gives for {"toString": 1}), and Messenger
 * webhook bodies in Meta's shapes with wrong types anywhere.
 */
import fc from 'fast-check';
import { JSON_MAX_DEPTH } from '../../src/server/json-body.js';
import { PAGE_ID } from '../helpers/messenger.js';

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
  fc.tuple(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 4 }), fc.integer({ min: Math.min(500, max), max })).map(([piece, n]) => piece.repeat(n));

/** An object JSON.parse can produce whose conversion to a string throws ("Cannot convert object to primitive value"). */
export const unprintable: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.record({ toString: junk }, { noNullPrototype: true }).filter((o) => typeof o.toString !== 'function'),
  fc.constant({ toString: 1, valueOf: 2 }),
);

/** A value of the right kind most of the time, anything else otherwise. */
export const mostly = <T>(good: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: 3, arbitrary: good as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: junk });

/** A nesting depth: around the limit most of the time, sometimes far beyond it. */
export const depthAroundLimit: fc.Arbitrary<number> = fc.oneof(fc.integer({ min: JSON_MAX_DEPTH - 8, max: JSON_MAX_DEPTH + 8 }), fc.constantFrom(1000, 10_000));

/** JSON text nested `depth` deep: '[[[…]]]' (as text, since JSON.stringify would recurse). */
export const deepJsonText = (depth: number, inner = '0'): string => `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;

// ---- Messenger webhook bodies (Meta's shapes, with wrong types anywhere) ----------------------------

const psid = fc.oneof(fc.stringMatching(/^[1-9][0-9]{0,15}$/), fc.integer({ min: 0 }));
const mid = fc.oneof(
  fc.string({ maxLength: 20 }).map((s) => `m_${s}`),
  fc.string({ maxLength: 3 }),
);
const text = fc.oneof({ weight: 8, arbitrary: anyText }, { weight: 1, arbitrary: hugeText(20_000) });
const party = mostly(fc.record({ id: mostly(psid) }, { requiredKeys: [] }));
const attachment = mostly(
  fc.record(
    {
      type: mostly(fc.constantFrom('image', 'video', 'audio', 'file', 'sticker', 'location', 'fallback', 'template', 'reel')),
      payload: mostly(fc.record({ url: fc.webUrl(), sticker_id: fc.integer() }, { requiredKeys: [] })),
    },
    { requiredKeys: [] },
  ),
);
const message = mostly(
  fc.record(
    {
      mid: mostly(mid),
      text: mostly(text),
      is_echo: mostly(fc.boolean()),
      app_id: mostly(fc.integer()),
      metadata: mostly(fc.constantFrom('tlcd:bot', 'tlcd:staff', 'other')),
      quick_reply: mostly(fc.record({ payload: mostly(anyText) }, { requiredKeys: [] })),
      attachments: fc.oneof(fc.array(attachment, { maxLength: 3 }), junk),
      sticker_id: mostly(fc.integer()),
      reply_to: junk,
    },
    { requiredKeys: [] },
  ),
);
const postback = mostly(fc.record({ mid: mostly(mid), title: mostly(anyText), payload: mostly(anyText) }, { requiredKeys: [] }));
/** One item of an entry's messaging or standby list, every field of the right kind most of the time, anything otherwise. */
export const messagingItem = fc.record(
  {
    sender: party,
    recipient: party,
    timestamp: mostly(fc.integer({ min: 0, max: 4_102_444_800_000 })),
    message,
    postback,
    delivery: junk,
    read: junk,
    reaction: junk,
    pass_thread_control: junk,
    take_thread_control: junk,
    request_thread_control: junk,
    app_roles: junk,
  },
  { requiredKeys: [] },
);
const itemList = fc.oneof(
  { weight: 4, arbitrary: fc.array(fc.oneof({ weight: 5, arbitrary: messagingItem }, { weight: 1, arbitrary: junk }), { maxLength: 3 }) },
  junk,
);
export const entry = mostly(
  fc.record({ id: mostly(fc.constant(PAGE_ID)), time: mostly(fc.integer()), messaging: itemList, standby: itemList }, { requiredKeys: [] }),
);
/** A Page webhook body with wrong types anywhere (object, entry, ids, items and their fields). */
export const pageBody = fc.record(
  { object: mostly(fc.constant('page')), entry: fc.oneof({ weight: 5, arbitrary: fc.array(entry, { maxLength: 3 }) }, junk) },
  { requiredKeys: [] },
);
