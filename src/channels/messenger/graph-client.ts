/**
 * The project's own Graph API client (fetch): typed errors with Meta's codes, retries with backoff on
 * transient failures only, the access token never in a log line. Error texts are scrubbed of the token,
 * the app secret and every other registered secret (Graph may quote the token back, e.g. "Malformed
 * access token EAA…"), since they reach staff replies, stored dead events and logs.
 */
import { createHmac } from 'node:crypto';
import { log, scrub } from '../../log.js';

/**
 * `timeout`: no answer within the call's timeout — the outcome is unknown (Graph may have delivered
 * the message), so a send is never repeated blindly after it (see MessengerSender).
 * `aborted`: the caller gave up (its inbox event timed out); nothing is retried.
 */
export type GraphErrorKind = 'user_unavailable' | 'outside_window' | 'bad_token' | 'throttled' | 'transient' | 'invalid' | 'network' | 'timeout' | 'aborted';

export class GraphError extends Error {
  override name = 'GraphError';
  constructor(
    message: string,
    readonly kind: GraphErrorKind,
    readonly status: number,
    readonly code?: number,
    readonly subcode?: number,
  ) {
    super(message);
  }

  get permanent(): boolean {
    return this.kind !== 'transient' && this.kind !== 'throttled' && this.kind !== 'network' && this.kind !== 'timeout';
  }
}

/** Meta's error codes → what the bot should do about them. */
export function errorKind(status: number, code?: number, isTransient?: boolean): GraphErrorKind {
  if (code === 551 || code === 200) return 'user_unavailable';
  if (code === 10) return 'outside_window';
  if (code === 190 || code === 102) return 'bad_token';
  if (code === 4 || code === 17 || code === 32 || code === 613 || code === 80006) return 'throttled';
  if (code === 1 || code === 2 || isTransient || status >= 500 || status === 429) return 'transient';
  return 'invalid';
}

export interface GraphClientOptions {
  baseUrl: string;
  version: string;
  accessToken: string;
  appSecret: string;
  maxRetries?: number;
  baseDelayMs?: number;
  /** Longest one HTTP call may take (each retry has its own); default 10 s. */
  timeoutMs?: number;
  /** for tests: a fake sleep */
  sleep?: (ms: number) => Promise<void>;
  /** called on a permanent token problem (health shows the channel degraded) */
  onBadToken?: (error: GraphError) => void;
}

export interface SendOptions {
  messagingType: 'RESPONSE' | 'UPDATE' | 'MESSAGE_TAG';
  tag?: 'HUMAN_AGENT';
  /** echoed back to us; tells our own messages from a person's in the Page inbox */
  metadata?: string;
}

/** Per call: the caller's signal (its work was abandoned) and how persistent to be. */
export interface CallOptions {
  signal?: AbortSignal;
  /** Retries on transient failures; default the client's maxRetries. */
  maxRetries?: number;
  /**
   * Whether a call that timed out may be repeated here. False for a message: the first call may have
   * been delivered, so whether to send it again is the sender's decision (idempotency keys).
   */
  retryTimeouts?: boolean;
}

export interface OutgoingMessage {
  text: string;
  quick_replies?: { content_type: 'text'; title: string; payload: string }[];
}

export class GraphClient {
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly proof: string;

  constructor(readonly options: GraphClientOptions) {
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.proof = createHmac('sha256', options.appSecret).update(options.accessToken).digest('hex');
  }

  /** The text with this client's secrets (and every registered one) replaced by [redacted]. */
  private clean(text: string): string {
    let out = text;
    for (const secret of [this.options.accessToken, this.options.appSecret, this.proof]) {
      if (!secret || secret.length < 6) continue;
      for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join('[redacted]');
    }
    return scrub(out);
  }

  private url(path: string): string {
    const u = new URL(`${this.options.baseUrl}/${this.options.version}${path}`);
    u.searchParams.set('access_token', this.options.accessToken);
    u.searchParams.set('appsecret_proof', this.proof);
    return u.toString();
  }

  /** One Graph call with retries; resolves with the JSON body or throws GraphError. */
  async call(path: string, method: 'GET' | 'POST' | 'DELETE', body?: unknown, callOptions: CallOptions = {}): Promise<Record<string, unknown>> {
    const maxRetries = callOptions.maxRetries ?? this.options.maxRetries ?? 4;
    const baseDelay = this.options.baseDelayMs ?? 250;
    const timeoutMs = this.options.timeoutMs ?? 10_000;
    const { signal } = callOptions;
    for (let attempt = 0; ; attempt++) {
      let error: GraphError;
      if (signal?.aborted) throw new GraphError(`Graph ${method} ${path}: abandoned by the caller`, 'aborted', 0);
      const timeout = AbortSignal.timeout(timeoutMs);
      try {
        const res = await fetch(this.url(path), {
          method,
          headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: signal ? AbortSignal.any([timeout, signal]) : timeout,
        });
        const json = (await res.json().catch(() => ({}))) as {
          error?: { message?: string; code?: number; error_subcode?: number; is_transient?: boolean };
        } & Record<string, unknown>;
        if (res.ok && !json.error) return json;
        const e = json.error ?? {};
        const kind = errorKind(res.status, e.code, e.is_transient);
        error = new GraphError(
          this.clean(
            `Graph ${method} ${path}: ${String(e.message ?? res.statusText)} (HTTP ${res.status}${e.code !== undefined ? `, code ${e.code}` : ''}${e.error_subcode !== undefined ? `/${e.error_subcode}` : ''})`,
          ),
          kind,
          res.status,
          e.code,
          e.error_subcode,
        );
      } catch (err) {
        if (err instanceof GraphError) throw err;
        if (signal?.aborted) throw new GraphError(`Graph ${method} ${path}: abandoned by the caller`, 'aborted', 0);
        error = timeout.aborted
          ? new GraphError(`Graph ${method} ${path}: no answer within ${timeoutMs} ms (outcome unknown)`, 'timeout', 0)
          : new GraphError(this.clean(`Graph ${method} ${path}: ${(err as Error).message}`), 'network', 0);
      }
      if (error.permanent || attempt >= maxRetries || (error.kind === 'timeout' && callOptions.retryTimeouts === false)) {
        if (error.kind === 'bad_token') {
          log.error('Messenger access token rejected: the channel cannot send until FB_PAGE_ACCESS_TOKEN is fixed', { code: error.code });
          this.options.onBadToken?.(error);
        } else log.warn('Graph API call failed', { path, kind: error.kind, code: error.code, subcode: error.subcode, attempts: attempt + 1 });
        throw error;
      }
      const delay = Math.min(8_000, baseDelay * 2 ** attempt) * (0.75 + Math.random() * 0.5);
      log.info('Graph API transient failure, retrying', { path, kind: error.kind, code: error.code, attempt: attempt + 1, delayMs: Math.round(delay) });
      await this.sleep(delay);
    }
  }

  /** A message: a call that timed out is not repeated here (it may have been delivered). */
  async sendMessage(psid: string, message: OutgoingMessage, options: SendOptions, callOptions: CallOptions = {}): Promise<{ messageId?: string }> {
    const body = {
      recipient: { id: psid },
      messaging_type: options.messagingType,
      ...(options.tag ? { tag: options.tag } : {}),
      message: { ...message, ...(options.metadata ? { metadata: options.metadata } : {}) },
    };
    const res = await this.call('/me/messages', 'POST', body, { retryTimeouts: false, ...callOptions });
    return { ...(typeof res.message_id === 'string' ? { messageId: res.message_id } : {}) };
  }

  /**
   * What the Page itself sent to this worker lately (newest first; Graph keeps the details of the 20 most
   * recent messages of a conversation), from the Conversations API. Used only to learn whether a message
   * whose outcome is unknown — its call timed out, or the process died during it — was delivered, before
   * sending it again. Needs the pages_messaging, pages_read_engagement and pages_manage_metadata
   * permissions; Meta allows 2 calls a second per Page, so it is never on the normal path.
   */
  async pageMessagesTo(psid: string, callOptions: CallOptions = {}): Promise<{ text: string; createdTime: string }[]> {
    const query = new URLSearchParams({ platform: 'messenger', user_id: psid, fields: 'messages.limit(20){message,from,created_time}' });
    const res = await this.call(`/me/conversations?${query.toString()}`, 'GET', undefined, { maxRetries: 1, ...callOptions });
    const conversations = Array.isArray(res.data) ? (res.data as { messages?: { data?: unknown } }[]) : [];
    const out: { text: string; createdTime: string }[] = [];
    for (const c of conversations) {
      const messages = Array.isArray(c?.messages?.data) ? (c.messages.data as { message?: unknown; from?: { id?: unknown }; created_time?: unknown }[]) : [];
      for (const m of messages) {
        // the worker's own messages come from their PSID; everything else in the thread is the Page's
        if (m?.from?.id === psid || typeof m?.message !== 'string') continue;
        out.push({ text: m.message, createdTime: typeof m.created_time === 'string' ? m.created_time : '' });
      }
    }
    return out;
  }

  async senderAction(psid: string, action: 'typing_on' | 'typing_off' | 'mark_seen', callOptions: CallOptions = {}): Promise<void> {
    await this.call('/me/messages', 'POST', { recipient: { id: psid }, sender_action: action }, callOptions);
  }

  async getMessengerProfile(fields: string[]): Promise<Record<string, unknown>> {
    const res = await this.call(`/me/messenger_profile?fields=${fields.join(',')}`, 'GET');
    const data = (res.data as Record<string, unknown>[] | undefined)?.[0];
    return data ?? {};
  }

  async setMessengerProfile(profile: Record<string, unknown>): Promise<void> {
    await this.call('/me/messenger_profile', 'POST', profile);
  }
}
