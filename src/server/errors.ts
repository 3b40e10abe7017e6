/** Every error the HTTP API returns: a named code, a status and a message, in one shape. */
import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { log, scrub } from '../log.js';

export interface ApiErrorSpec {
  code: string;
  status: number;
  message: string;
}

export const API_ERRORS = {
  BAD_JSON: { code: 'BAD_JSON', status: 400, message: 'The request body is not valid JSON.' },
  JSON_TOO_DEEP: { code: 'JSON_TOO_DEEP', status: 400, message: 'The JSON is nested too deeply (at most 64 levels).' },
  BAD_REQUEST: { code: 'BAD_REQUEST', status: 400, message: 'The request is missing a required field or has a wrong one.' },
  BODY_TOO_LARGE: { code: 'BODY_TOO_LARGE', status: 413, message: 'The request body is too large.' },
  UNSUPPORTED_MEDIA_TYPE: { code: 'UNSUPPORTED_MEDIA_TYPE', status: 415, message: 'Send JSON (Content-Type: application/json).' },
  NOT_SIGNED_IN: { code: 'NOT_SIGNED_IN', status: 401, message: 'Sign in first.' },
  BAD_SIGNATURE: { code: 'BAD_SIGNATURE', status: 401, message: 'Missing or invalid X-Hub-Signature-256.' },
  FORBIDDEN: { code: 'FORBIDDEN', status: 403, message: 'Your role does not allow this.' },
  BAD_CSRF: { code: 'BAD_CSRF', status: 403, message: 'Missing or invalid CSRF token; reload the page.' },
  NOT_FOUND: { code: 'NOT_FOUND', status: 404, message: 'Not found.' },
  CONFLICT: { code: 'CONFLICT', status: 409, message: 'Someone else changed this at the same time; reload and try again.' },
  TOO_MANY_REQUESTS: { code: 'TOO_MANY_REQUESTS', status: 429, message: 'Too many attempts; wait a minute.' },
  WINDOW_CLOSED: {
    code: 'WINDOW_CLOSED',
    status: 422,
    message: 'Messenger no longer allows replies to this person (more than 7 days since their last message).',
  },
  SEND_FAILED: { code: 'SEND_FAILED', status: 502, message: 'The message could not be delivered.' },
  INTERNAL: { code: 'INTERNAL', status: 500, message: 'Something went wrong on our side.' },
} as const satisfies Record<string, ApiErrorSpec>;

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly spec: ApiErrorSpec,
    readonly detail?: string,
  ) {
    super(detail ? `${spec.message} ${detail}` : spec.message);
  }
}

export function sendError(res: Response, spec: ApiErrorSpec, detail?: string): void {
  if (res.headersSent) return;
  // Scrubbed of registered secrets (page token, app secret, verify token) as a last guard.
  res.status(spec.status).json({ error: { code: spec.code, message: scrub(detail ? `${spec.message} ${detail}` : spec.message) } });
}

/**
 * Every request gets an id (a sane incoming X-Request-Id from a proxy is kept), returned in the
 * X-Request-Id header and in a 500's body, and written with the method and path when a request fails:
 * what an officer reports is what a developer finds in the log.
 */
export const requestId: RequestHandler = (req, res, next) => {
  const incoming = req.get('x-request-id');
  const id = incoming && /^[A-Za-z0-9._-]{8,64}$/.test(incoming) ? incoming : randomUUID();
  res.locals.requestId = id;
  res.setHeader('X-Request-Id', id);
  next();
};

/** Last express handler: body-parser errors and ApiErrors get their codes; anything else is a 500 with no stack. */
export const errorHandler: ErrorRequestHandler = (err: unknown, req, res, _next) => {
  const e = err as { type?: string; status?: number };
  if (err instanceof ApiError) return sendError(res, err.spec, err.detail);
  if (e.type === 'entity.too.deep') return sendError(res, API_ERRORS.JSON_TOO_DEEP);
  if (e.type === 'entity.parse.failed') return sendError(res, API_ERRORS.BAD_JSON);
  if (e.type === 'entity.too.large') return sendError(res, API_ERRORS.BODY_TOO_LARGE);
  if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') return sendError(res, API_ERRORS.UNSUPPORTED_MEDIA_TYPE);
  if (e.status && e.status >= 400 && e.status < 500) return sendError(res, API_ERRORS.BAD_REQUEST);
  const id = String(res.locals.requestId ?? '');
  log.error('unhandled error in request', { requestId: id, method: req.method, path: req.path, err });
  sendError(res, API_ERRORS.INTERNAL, id ? `(request ${id})` : undefined);
};
