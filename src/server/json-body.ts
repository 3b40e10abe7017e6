/**
 * JSON request bodies: nesting deeper than JSON_MAX_DEPTH is refused with a 400 (JSON_TOO_DEEP) before
 * it is parsed, so a body nested thousands deep cannot overflow the stack of whatever walks it later.
 */
import express, { type RequestHandler } from 'express';

/** No body the bot accepts comes near this (Meta's webhook events are about 6 deep). */
export const JSON_MAX_DEPTH = 64;

/** True when the JSON text opens more than `max` arrays/objects inside each other (brackets in strings do not count). */
export function jsonTooDeep(raw: Buffer | string, max = JSON_MAX_DEPTH): boolean {
  const bytes = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** The same for a value already parsed (walked without recursion, so any depth is safe to measure). */
export function valueTooDeep(value: unknown, max = JSON_MAX_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth + 1 > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
  return false;
}

/** Thrown for a body nested too deeply; the error handler answers 400 JSON_TOO_DEEP (by its `type`). */
export class JsonTooDeepError extends Error {
  override name = 'JsonTooDeepError';
  readonly type = 'entity.too.deep';
  constructor() {
    super(`JSON nested more than ${JSON_MAX_DEPTH} levels deep`);
  }
}

/** express.json with the depth check (the error handler answers 400 JSON_TOO_DEEP). */
export function jsonBody(limit: string): RequestHandler {
  return express.json({
    limit,
    verify: (_req, _res, buf) => {
      if (jsonTooDeep(buf)) throw new JsonTooDeepError();
    },
  });
}
