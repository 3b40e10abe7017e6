/**
 * Meta's data-deletion request callback: POST signed_request (HMAC-SHA256 with the app secret);
 * we delete what we keep about that user and answer {url, confirmation_code}; the URL shows the status.
 * Caveat (Meta): the callback carries an app-scoped user id, which for Messenger-only apps is not
 * always the Page-scoped id we store; we delete the conversation stored under that id when there is
 * one and report honestly how many records were removed. Workers can also type "xóa dữ liệu của tôi".
 *
 * Replays are refused (issue 15): `issued_at` must lie within ISSUED_AT_WINDOW of now, and a signed_request
 * already handled is remembered (by its hash) and answered 409, so a captured request cannot later wipe
 * what the worker wrote since. The status URL is built from PUBLIC_BASE_URL, never from the Host header
 * (a forged Host would otherwise make us hand Meta a link to someone else's site).
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import express, { type Router } from 'express';
import { conversationId } from '../../conversation/ids.js';
import type { ConversationService } from '../../conversation/service.js';
import { log } from '../../log.js';
import { API_ERRORS, sendError } from '../../server/errors.js';
import type { StateStore } from '../../storage/types.js';

export function parseSignedRequest(signedRequest: string, appSecret: string): Record<string, unknown> | undefined {
  const [sig, payload] = signedRequest.split('.', 2);
  if (!sig || !payload) return undefined;
  const expected = createHmac('sha256', appSecret).update(payload).digest();
  const given = Buffer.from(sig.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const data = JSON.parse(Buffer.from(payload.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8')) as Record<string, unknown>;
    return String(data.algorithm ?? '').toUpperCase() === 'HMAC-SHA256' ? data : undefined;
  } catch {
    return undefined;
  }
}

/** How far `issued_at` may lie from now: Meta signs the request just before calling. */
export const ISSUED_AT_WINDOW = { pastMs: 15 * 60_000, futureMs: 5 * 60_000 };

export const requestKey = (signedRequest: string) => `data-deletion-request:${createHash('sha256').update(signedRequest, 'utf8').digest('hex')}`;

export interface DataDeletionOptions {
  appSecret: string;
  /** deletes the conversation */
  service: Pick<ConversationService, 'erase'>;
  /** remembers the requests handled (replays) and their status */
  storage: StateStore;
  /** real time: issued_at windows and the completion time (never the bot's frozen answering clock) */
  clock: { now(): Date };
  /** PUBLIC_BASE_URL without a trailing slash; '' gives a path-only status URL */
  publicBaseUrl: string;
}

export function dataDeletionRouter(options: DataDeletionOptions): Router {
  const router = express.Router();
  if (!options.publicBaseUrl) log.warn('PUBLIC_BASE_URL is not set: the data-deletion status URL given to Meta will be a path only');
  router.post('/messenger/data-deletion', express.urlencoded({ extended: false, limit: '16kb' }), async (req, res) => {
    const signed = (req.body as { signed_request?: unknown })?.signed_request;
    const data = typeof signed === 'string' ? parseSignedRequest(signed, options.appSecret) : undefined;
    if (typeof signed !== 'string' || !data || typeof data.user_id !== 'string' || !data.user_id) {
      log.warn('data deletion request refused: signed_request missing, malformed or not signed with the app secret', {
        requestId: res.locals.requestId,
        given: typeof signed === 'string',
      });
      sendError(res, API_ERRORS.BAD_SIGNATURE, "The signed_request is missing, malformed or not signed with this app's secret.");
      return;
    }
    const now = options.clock.now();
    const issuedAt = typeof data.issued_at === 'number' ? data.issued_at * 1000 : NaN;
    if (!Number.isFinite(issuedAt) || issuedAt < now.getTime() - ISSUED_AT_WINDOW.pastMs || issuedAt > now.getTime() + ISSUED_AT_WINDOW.futureMs) {
      log.warn('data deletion request refused: issued_at missing or outside the window', {
        issuedAt: Number.isFinite(issuedAt) ? new Date(issuedAt).toISOString() : undefined,
      });
      sendError(res, API_ERRORS.BAD_SIGNATURE, 'The signed_request is too old or its issued_at is missing (a replayed request?).');
      return;
    }
    const seenKey = requestKey(signed);
    if ((await options.storage.readState([seenKey]))[seenKey]) {
      log.warn('data deletion request refused: already handled (replay)');
      sendError(res, API_ERRORS.CONFLICT, 'This deletion request was already handled; a replayed request is not carried out again.');
      return;
    }
    const code = randomBytes(9).toString('base64url');
    // Remembered before deleting, so a replay arriving meanwhile is refused too. Kept: a hash, the code, the time.
    await options.storage.writeState({ [seenKey]: { code, at: now.toISOString() } });
    const id = conversationId('messenger', data.user_id);
    const { found: existed } = await options.service.erase(id);
    await options.storage.writeState({ [`data-deletion:${code}`]: { status: 'completed', at: options.clock.now().toISOString(), found: existed } });
    log.info('data deletion request handled', { code, found: existed });
    res.json({ url: `${options.publicBaseUrl}/messenger/data-deletion/${code}`, confirmation_code: code });
  });
  router.get('/messenger/data-deletion/:code', async (req, res) => {
    const code = String(req.params.code);
    const record = (await options.storage.readState([`data-deletion:${code}`]))[`data-deletion:${code}`] as
      { status?: string; at?: string; found?: boolean } | undefined;
    if (!record) {
      res.status(404).type('text/plain; charset=utf-8').send('Không tìm thấy yêu cầu xóa dữ liệu này. / No deletion request with this code.');
      return;
    }
    res
      .type('text/plain; charset=utf-8')
      .send(
        `Yêu cầu xóa dữ liệu ${code}: đã hoàn tất lúc ${record.at}. ${record.found ? 'Dữ liệu trò chuyện đã được xóa.' : 'Không có dữ liệu nào được lưu cho tài khoản này.'}\n` +
          `Deletion request ${code}: completed at ${record.at}. ${record.found ? 'The conversation data was deleted.' : 'No data was stored for this account.'}\n`,
      );
  });
  return router;
}
