/**
 * A document's text ↔ the fields editors see in the console's form. The form sends the whole object (the
 * YAML's own keys); the text keeps the comments and the order of what it edits: only keys whose value
 * changed are written, and keys the form no longer has are removed.
 */
import { isDeepStrictEqual } from 'node:util';
import { Document, isMap, parseDocument } from 'yaml';
import type { KbDocumentKind } from '../storage/types.js';
import { readYaml } from './load.js';

export type Fields = Record<string, unknown>;

/** The form's fields of a document's text: an entry's YAML object; a figure's {id, label, unit, values}. Undefined when the text is not a YAML object. */
export function fieldsOf(text: string, kind: KbDocumentKind): Fields | undefined {
  // Read as the loader reads it, from its kept readings; broken YAML has no fields (kb/check says what is wrong).
  const value = readYaml(text);
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  // a copy: the reading is shared, and callers build on the fields they get
  const object = structuredClone(value) as Record<string, unknown>;
  if (kind !== 'figure') return object;
  const [id, inner] = Object.entries(object)[0] ?? [];
  return id && inner && typeof inner === 'object' ? { id, ...(inner as Record<string, unknown>) } : undefined;
}

/** Write `fields` into `base` (the text being edited; '' for a new document) and return the new text. */
export function textWith(base: string, kind: KbDocumentKind, fields: Fields): string {
  if (base && isDeepStrictEqual(fieldsOf(base, kind), fields)) return base;
  const doc = parseDocument(base || '{}');
  if (doc.errors.length > 0 || (doc.contents !== null && !isMap(doc.contents))) return stringify(kind, fields);
  if (kind === 'figure') {
    const { id, ...inner } = fields;
    const key = String(id ?? '');
    const existing = isMap(doc.contents) ? (doc.contents.items[0]?.key as { value?: unknown } | undefined)?.value : undefined;
    if (existing !== key) return stringify(kind, fields);
    apply(doc, [key], inner);
  } else apply(doc, [], fields);
  // The shipped files write lists as [a, b] in entries and rows as { value: …, from: … } in figures.
  const text = doc.toString({ lineWidth: 0, flowCollectionPadding: kind === 'figure' });
  return text.startsWith('{}') ? stringify(kind, fields) : text;
}

function apply(doc: Document, at: string[], fields: Fields): void {
  const current = (at.length ? doc.getIn(at) : doc.contents) as { toJSON?: () => unknown } | null;
  const plain = (current && isMap(current) ? current.toJSON() : {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0 && !(key in plain))) {
      if (key in plain) doc.deleteIn([...at, key]);
      continue;
    }
    if (!isDeepStrictEqual(plain[key], value)) doc.setIn([...at, key], doc.createNode(value));
  }
  for (const key of Object.keys(plain)) if (!(key in fields)) doc.deleteIn([...at, key]);
}

function stringify(kind: KbDocumentKind, fields: Fields): string {
  const { id, ...inner } = fields;
  const doc = new Document(kind === 'figure' ? { [String(id ?? 'figure')]: inner } : fields);
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}
