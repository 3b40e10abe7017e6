/**
 * JSON request bodies: nesting deeper than JSON_MAX_DEPTH is refused with a 400 (JSON_TOO_DEEP) before
 * it is parsed, so a body nested thousands deep cannot overflow the stack of whatever walks it later;
 * each route then reads its body through a zod schema (parseBody), never field by field with typeof.
 */
import express, { type RequestHandler } from 'express';
import type { z } from 'zod';
import { API_ERRORS, ApiError } from './errors.js';

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

/**
 * The body as the route's schema describes it, or a 400 BAD_REQUEST whose message names the first wrong
 * field ("text: at most 4000 characters"). No body at all reads as {} so that "required" names the field.
 */
export function parseBody<S extends z.ZodTypeAny>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data as z.output<S>;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.join('.');
  throw new ApiError(API_ERRORS.BAD_REQUEST, `${field || 'body'}: ${issue.message}`);
}
