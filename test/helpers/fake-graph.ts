/**
 * A fake Graph API on loopback: real HTTP, records every call, answers like Meta does, and can be told
 * to fail the next calls with a given status and error body.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';

export interface GraphCall {
  method: string;
  path: string;
  query: Record<string, string>;
  body: Record<string, any>;
  at: number;
}

export interface InjectedFailure {
  status: number;
  error: { message: string; type?: string; code: number; error_subcode?: number; is_transient?: boolean; fbtrace_id?: string };
}

/** Random faults on every call, reproducible from a seed (see FakeGraph.chaos). */
export interface Chaos {
  /** share of calls answered with a transient 500 (not delivered) */
  failRate: number;
  /** share of message calls that are delivered but never answered (the caller times out: outcome unknown) */
  hangRate: number;
  seed: number;
}

/** A message Graph accepted for a worker: what the Conversations API would list. */
export interface Delivered {
  psid: string;
  text: string;
  at: number;
}

export class FakeGraph {
  readonly calls: GraphCall[] = [];
  /** messages delivered to workers, in the order Graph accepted them */
  readonly delivered: Delivered[] = [];
  /** false: the app lacks the permissions the Conversations API needs (it answers 403, code 10) */
  conversationsAllowed = true;
  /** faults injected by chaos() so far */
  readonly faults = { failed: 0, hung: 0 };
  private chaosState: (Chaos & { next: () => number }) | undefined;
  private failures: InjectedFailure[] = [];
  private matchingFailures: { match: (call: GraphCall) => boolean; failure: InjectedFailure }[] = [];
  private hanging: ((call: GraphCall) => boolean)[] = [];
  private readonly held = new Set<http.ServerResponse>();
  private profile: Record<string, unknown> = {};
  private server!: http.Server;
  url = '';
  private nextId = 1;

  async start(): Promise<this> {
    const app = express();
    app.use(express.json());
    app.use((req, res, next) => {
      this.calls.push({
        method: req.method,
        path: req.path,
        query: req.query as Record<string, string>,
        body: (req.body ?? {}) as Record<string, any>,
        at: Date.now(),
      });
      const call = this.calls.at(-1)!;
      if (this.chaosState && req.method === 'POST' && req.path.endsWith('/me/messages')) {
        const roll = this.chaosState.next();
        if (roll < this.chaosState.failRate) {
          this.faults.failed++;
          res.status(500).json({
            error: { message: 'An unexpected error has occurred. Please retry your request later.', type: 'OAuthException', code: 2, is_transient: true },
          });
          return;
        }
        if (roll < this.chaosState.failRate + this.chaosState.hangRate && call.body.message) {
          // Delivered, but the answer never comes: the worst case for a sender (it cannot know).
          this.faults.hung++;
          this.deliver(call);
          this.held.add(res);
          res.on('close', () => this.held.delete(res));
          return;
        }
      }
      if (this.hanging.some((h) => h(call))) {
        // Never answered (until stop()): the caller sees only its own timeout.
        this.held.add(res);
        res.on('close', () => this.held.delete(res));
        return;
      }
      const matching = this.matchingFailures.findIndex((f) => f.match(call));
      const failure = matching >= 0 ? this.matchingFailures.splice(matching, 1)[0]!.failure : this.failures.shift();
      if (failure) {
        res.status(failure.status).json({ error: { type: 'OAuthException', fbtrace_id: 'FAKE', ...failure.error } });
        return;
      }
      next();
    });
    app.post('/:version/me/messages', (req, res) => {
      const body = req.body as { recipient?: { id?: string } };
      if (!req.query.access_token) {
        res.status(400).json({ error: { message: 'An access token is required', code: 104 } });
        return;
      }
      this.deliver(this.calls.at(-1)!);
      res.json({ recipient_id: body.recipient?.id, message_id: `m_fake_${this.nextId++}` });
    });
    // Conversations API (GET /me/conversations?platform=messenger&user_id=…&fields=messages…): the Page's
    // messages to that worker, newest first, the 20 most recent, created_time in whole seconds like Graph's.
    app.get('/:version/me/conversations', (req, res) => {
      if (!this.conversationsAllowed) {
        res.status(403).json({ error: { message: '(#10) This endpoint requires the pages_read_engagement permission', type: 'OAuthException', code: 10 } });
        return;
      }
      const psid = String(req.query.user_id ?? '');
      const mine = this.delivered
        .filter((d) => d.psid === psid)
        .slice(-20)
        .reverse();
      res.json({
        data: mine.length
          ? [
              {
                id: `t_${psid}`,
                messages: {
                  data: mine.map((d, i) => ({
                    id: `m_${i}`,
                    message: d.text,
                    from: { id: 'PAGE' },
                    created_time: new Date(Math.floor(d.at / 1000) * 1000).toISOString().replace('.000Z', '+0000'),
                  })),
                },
              },
            ]
          : [],
      });
    });
    app.get('/:version/me/messenger_profile', (_req, res) => {
      res.json({ data: Object.keys(this.profile).length ? [this.profile] : [] });
    });
    app.post('/:version/me/messenger_profile', (req, res) => {
      Object.assign(this.profile, req.body);
      res.json({ result: 'success' });
    });
    this.server = http.createServer(app);
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** From now on, fail and hang Send API calls at random (seeded), as a flaky Graph would. */
  chaos(options: Chaos): void {
    let state = options.seed >>> 0 || 1;
    // xorshift32: the same faults for the same seed
    const next = () => {
      state ^= state << 13;
      state >>>= 0;
      state ^= state >>> 17;
      state ^= state << 5;
      state >>>= 0;
      return state / 0x1_0000_0000;
    };
    this.chaosState = { ...options, next };
  }

  private deliver(call: GraphCall): void {
    const text = call.body.message?.text;
    if (typeof text === 'string') this.delivered.push({ psid: String(call.body.recipient?.id ?? ''), text, at: Date.now() });
  }

  failNext(...failures: InjectedFailure[]): void {
    this.failures.push(...failures);
  }

  /** Fail the next call that matches (e.g. the message with a given text), whatever else is called meanwhile. */
  failWhen(match: (call: GraphCall) => boolean, failure: InjectedFailure): void {
    this.matchingFailures.push({ match, failure });
  }

  /** Never answer the calls that match (a recipient whose Send API calls hang), until reset(). */
  hangWhen(match: (call: GraphCall) => boolean): void {
    this.hanging.push(match);
  }

  /** Calls being held unanswered right now (their callers have not given up). */
  hangingNow(): number {
    return this.held.size;
  }

  /** Messages (not sender actions) sent to a user. */
  messagesTo(psid: string): GraphCall[] {
    return this.calls.filter((c) => c.path.endsWith('/me/messages') && c.body.recipient?.id === psid && c.body.message);
  }

  /** The texts of the messages sent to a user, in order. */
  textsTo(psid: string): string[] {
    return this.messagesTo(psid).map((c) => String(c.body.message.text));
  }

  actionsTo(psid: string): string[] {
    return this.calls
      .filter((c) => c.path.endsWith('/me/messages') && c.body.recipient?.id === psid && c.body.sender_action)
      .map((c) => c.body.sender_action as string);
  }

  reset(): void {
    this.calls.length = 0;
    this.delivered.length = 0;
    this.chaosState = undefined;
    this.conversationsAllowed = true;
    this.failures = [];
    this.matchingFailures = [];
    this.hanging = [];
    for (const res of this.held) res.destroy();
    this.held.clear();
  }

  async stop(): Promise<void> {
    for (const res of this.held) res.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
  }
}
