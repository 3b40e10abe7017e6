/**
 * GET /webhook: the verification handshake. POST /webhook: signature first (X-Hub-Signature-256 over
 * the raw bytes), then parse, then record every item durably in the inbox, then 200 — processing
 * happens afterwards, in order per worker (processor.ts).
 */
import express, { type Router } from 'express';
import { conversationId } from '../../conversation/ids.js';
import { log } from '../../log.js';
import { API_ERRORS, sendError } from '../../server/errors.js';
import { deletedAfter, tombstoneKey, type Tombstone } from '../../storage/erasure.js';
import type { InboxStore, StateStore } from '../../storage/types.js';
import { eventIdOf, itemsOf, WebhookPayloadError, workerIdOf } from './events.js';
import { InboxWriter } from './inbox-writer.js';
import { checkSignature } from './signature.js';

export const WEBHOOK_BODY_LIMIT = '1mb';

export interface WebhookOptions {
  verifyToken: string;
  appSecret: string;
  /** the inbox, and the tombstones of deleted conversations (state) */
  storage: InboxStore & StateStore;
  clock: { now(): Date };
  /** called after new items were recorded */
  onRecorded: () => void;
}

export function webhookRouter(options: WebhookOptions): Router {
  const router = express.Router();
  const writer = new InboxWriter(options.storage);

  router.get('/webhook', (req, res) => {
    const mode = req.query['hub.mode'];
    const token = req.query['hub.verify_token'];
    const challenge = req.query['hub.challenge'];
    if (mode === 'subscribe' && typeof token === 'string' && token === options.verifyToken && typeof challenge === 'string') {
      res.type('text/plain').send(challenge);
      return;
    }
    log.warn('webhook verification refused', { mode: typeof mode === 'string' ? mode : undefined });
    res.status(403).type('text/plain').send('Forbidden');
  });

  router.post('/webhook', express.raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT }), async (req, res) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const signature = checkSignature(raw, req.get('x-hub-signature-256'), options.appSecret);
    if (signature !== 'ok') {
      log.warn('webhook refused: signature', { result: signature, sha1Only: Boolean(req.get('x-hub-signature')) && !req.get('x-hub-signature-256') });
      sendError(res, signature === 'missing' ? API_ERRORS.BAD_SIGNATURE : { ...API_ERRORS.BAD_SIGNATURE, status: 403 });
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      // Signed, so from Meta (or someone holding the app secret): worth a line. Not the parser's message,
      // which quotes the body (a worker's words).
      log.warn('webhook refused: signed body is not JSON', { requestId: res.locals.requestId, bytes: raw.length });
      sendError(res, API_ERRORS.BAD_JSON);
      return;
    }
    let items;
    try {
      items = itemsOf(body);
    } catch (err) {
      if (err instanceof WebhookPayloadError) {
        log.warn('webhook refused: signed body is not a webhook batch', { requestId: res.locals.requestId, problem: err.message });
        sendError(res, API_ERRORS.BAD_REQUEST, err.message);
        return;
      }
      throw err;
    }
    const receivedAt = options.clock.now().toISOString();
    // Recorded with the events of every other request in flight, in one durable write (inbox-writer.ts).
    const outcomes = await writer.record(
      items.map((inbox) => {
        const timestamp = inbox.item.timestamp;
        return {
          eventId: eventIdOf(inbox),
          conversationId: conversationId('messenger', workerIdOf(inbox.item) || 'unknown'),
          payload: JSON.stringify(inbox),
          receivedAt,
          ...(typeof timestamp === 'number' ? { timestamp } : {}),
        };
      }),
    );
    const fresh = outcomes.filter((o) => o === 'fresh').length;
    // An event from before the worker's data was deleted, delivered again (a Meta retry or a replayed
    // request): neither stored nor answered. The inbox forgot its id with the deletion; the tombstone did not.
    const afterDeletion = outcomes.filter((o) => o === 'afterDeletion').length;
    res.status(200).type('text/plain').send('EVENT_RECEIVED');
    log.debug('webhook accepted', { items: items.length, fresh, duplicates: items.length - fresh - afterDeletion, afterDeletion });
    if (afterDeletion > 0) log.info('webhook events from before a data deletion ignored', { count: afterDeletion });
    if (fresh > 0) options.onRecorded();
  });

  // Body-parser errors (too large) on this router answer in the same JSON shape.
  router.use('/webhook', ((err, _req, res, next) => {
    const e = err as { type?: string };
    if (e.type === 'entity.too.large') return sendError(res, API_ERRORS.BODY_TOO_LARGE);
    next(err);
  }) as express.ErrorRequestHandler);
  return router;
}

/** True when the conversation was deleted after this event happened (`timestamp`, ms since the epoch, from Meta). */
export async function eventPrecedesDeletion(storage: StateStore, conversationId: string, timestamp: unknown): Promise<boolean> {
  if (typeof timestamp !== 'number') return false;
  const key = tombstoneKey(conversationId);
  const tombstone = (await storage.readState([key]))[key] as Tombstone | undefined;
  return deletedAfter(tombstone, timestamp);
}
