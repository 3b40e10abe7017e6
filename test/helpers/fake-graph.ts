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

export class FakeGraph {
  readonly calls: GraphCall[] = [];
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
      res.json({ recipient_id: body.recipient?.id, message_id: `m_fake_${this.nextId++}` });
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

  actionsTo(psid: string): string[] {
    return this.calls
      .filter((c) => c.path.endsWith('/me/messages') && c.body.recipient?.id === psid && c.body.sender_action)
      .map((c) => c.body.sender_action as string);
  }

  reset(): void {
    this.calls.length = 0;
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
