/**
 * Works through the inbox: claims the oldest unprocessed event of each worker (so one worker's messages
 * are handled in order), handles it, marks it done. Several instances may run against one database:
 * a claim is a lease, so an event is handled by one instance; the lease is short (10 s) and renewed
 * while the event is handled (a heartbeat), so an instance that dies leaves it to run out within
 * seconds and the event is handled by another instance, or after restart.
 *
 * No single event can stall the inbox: each is handled on its own (a pool, not a batch waited on
 * together) under a timeout; a throwing or hanging handler fails that event only. A failed event is
 * retried with exponential backoff (its conversation waits, everyone else goes on) up to `maxAttempts`
 * claims, then parked as dead — kept for an admin to retry or drop — and `onDead` is told (the worker
 * gets an apology). Attempts are counted per claim, so an event whose handling kills the process is
 * parked too, once it has been claimed `maxAttempts` times. stop() stops claiming and waits for the
 * events in hand only up to a deadline.
 */
import { randomUUID } from 'node:crypto';
import { log } from '../../log.js';
import type { ClaimedInbound, InboxStore } from '../../storage/types.js';
import { LoopLag } from './loop-lag.js';

export interface ProcessorOptions {
  storage: InboxStore;
  /** `signal` is aborted when the event timed out (the handler may stop early; its result is ignored). */
  handle: (event: ClaimedInbound, signal: AbortSignal) => Promise<void>;
  /** Called once when an event failed for good (after it was parked as dead). Errors are logged. */
  onDead?: (event: ClaimedInbound, cause: unknown) => Promise<void>;
  /** Real time, for leases and retry times (never the bot's frozen answering clock). */
  clock: { now(): Date };
  /** Longest one event may take before it counts as failed. */
  timeoutMs?: number;
  /** Claims of one event before it is parked as dead. */
  maxAttempts?: number;
  /** Wait before the first retry; doubled for each further one. */
  retryBaseMs?: number;
  /**
   * How long a claim lasts without a heartbeat. While an event is handled its claim is renewed every
   * third of this, so it never runs out then; after a crash the event is taken up once it has run out
   * (default 10 s, not a minute).
   */
  leaseMs?: number;
  pollMs?: number;
  /** How many events are handled at most at once (each from a different worker). */
  concurrency?: number;
  /**
   * Answering gives way to acknowledging: while the event loop runs later than this (ms), fewer events
   * are handled at once (halved, down to one); while it keeps up, one more at a time, up to
   * `concurrency`. 0 turns this off. Default 20.
   */
  targetLagMs?: number;
}

export class InboxTimeoutError extends Error {
  override name = 'InboxTimeoutError';
  constructor(readonly ms: number) {
    super(`timed out after ${ms} ms`);
  }
}

/** The cause of a failure as one line for the log and the console (name: message, never a stack). */
export function describeCause(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}

export class InboxProcessor {
  readonly workerId = `worker-${randomUUID().slice(0, 8)}`;
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly retryBaseMs: number;
  private readonly leaseMs: number;
  private readonly concurrency: number;
  /** the current limit of events in hand (see targetLagMs) */
  private limit: number;
  private lastAdjusted = 0;
  private readonly lag = new LoopLag();
  private readonly targetLagMs: number;
  private timer: NodeJS.Timeout | undefined;
  private readonly wakeUps = new Set<NodeJS.Timeout>();
  private claiming: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  /** events being handled now, by id */
  private readonly inFlight = new Map<string, Promise<void>>();
  /** the heartbeat of each event in hand, by id */
  private readonly heartbeats = new Map<string, NodeJS.Timeout>();

  constructor(private readonly options: ProcessorOptions) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 4);
    this.retryBaseMs = options.retryBaseMs ?? 5_000;
    this.leaseMs = Math.max(options.leaseMs ?? 10_000, 300);
    this.concurrency = Math.max(1, options.concurrency ?? 8);
    this.limit = this.concurrency;
    this.targetLagMs = options.targetLagMs ?? 20;
  }

  /**
   * Events handled at once now: AIMD on the loop's lateness. A late tick halves the limit at once (at
   * most once per 20 ms); 100 ms without a late tick adds one. Answering slows down within a few
   * milliseconds of webhook traffic rising, and takes the whole thread again when it falls.
   */
  currentLimit(): number {
    if (this.targetLagMs <= 0) return this.concurrency;
    const now = performance.now();
    const late = this.lag.recentMs();
    if (late > this.targetLagMs && now - this.lastAdjusted >= 20) {
      this.limit = Math.max(1, Math.floor(this.limit / 2));
      this.lastAdjusted = now;
    } else if (late <= this.targetLagMs / 2 && now - this.lastAdjusted >= 100) {
      this.limit = Math.min(this.concurrency, this.limit + 1);
      this.lastAdjusted = now;
    }
    return this.limit;
  }

  start(): void {
    this.stopped = false;
    if (this.targetLagMs > 0) this.lag.start();
    const poll = () => {
      if (this.stopped) return;
      void this.kick();
      this.timer = setTimeout(poll, this.options.pollMs ?? 1000);
      this.timer.unref();
    };
    poll();
  }

  /** Claim and start what can be handled now (new events were recorded). Never rejects. */
  kick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.claiming) {
      this.again = true;
      return this.claiming;
    }
    this.claiming = this.claimRound()
      .catch((err: unknown) => log.error('inbox claim failed', { worker: this.workerId, err: describeCause(err) }))
      .finally(() => {
        this.claiming = undefined;
        if (this.again && !this.stopped) {
          this.again = false;
          void this.kick();
        }
      });
    return this.claiming;
  }

  /** Fill free slots with claimed events; each runs on its own and frees its slot when settled. */
  private async claimRound(): Promise<void> {
    for (;;) {
      const free = this.currentLimit() - this.inFlight.size;
      if (free <= 0 || this.stopped) return;
      const claimed = await this.options.storage.claimInbound(this.workerId, this.leaseMs, this.options.clock.now().toISOString(), free);
      if (claimed.length === 0) return;
      for (const event of claimed) {
        if (this.stopped) return; // not started: its lease runs out and another process takes it
        const run = this.process(event).finally(() => {
          this.inFlight.delete(event.eventId);
          void this.kick();
        });
        this.inFlight.set(event.eventId, run);
      }
    }
  }

  /** One event: handle under the timeout, then done, retry later or dead. Never rejects. */
  private async process(event: ClaimedInbound): Promise<void> {
    const context = { eventId: event.eventId, conversationId: event.conversationId, attempt: event.attempt, maxAttempts: this.maxAttempts };
    this.beat(event, context);
    try {
      if (event.attempt > this.maxAttempts) {
        // Claimed this often without ever finishing: its handling kills or wedges the process.
        await this.park(event, new Error(`claimed ${event.attempt - 1} times without finishing (the process stopped or the lease ran out each time)`), context);
        return;
      }
      try {
        await this.withTimeout(event);
      } catch (err) {
        await this.failed(event, err, context);
        return;
      }
      await this.options.storage.markInboundDone(event.eventId);
    } catch (err) {
      // The store itself failed: the claim runs out and the event is tried again later.
      log.error('inbox bookkeeping failed', { ...context, err: describeCause(err) });
    } finally {
      clearTimeout(this.heartbeats.get(event.eventId));
      this.heartbeats.delete(event.eventId);
    }
  }

  /**
   * Renew the claim every third of the lease while the event is handled, so the lease can be short and
   * work left by a process that died is taken up within seconds. A claim found lost (another process
   * took the event after this one stalled) is logged and no longer renewed.
   */
  private beat(event: ClaimedInbound, context: Record<string, unknown>): void {
    const schedule = () => {
      const t = setTimeout(
        () => {
          const until = new Date(this.options.clock.now().getTime() + this.leaseMs).toISOString();
          this.options.storage.extendInboundLease(event.eventId, this.workerId, event.attempt, until).then(
            (held) => {
              if (!this.heartbeats.has(event.eventId)) return; // settled meanwhile
              if (held) schedule();
              else {
                this.heartbeats.delete(event.eventId);
                log.warn('inbox claim lost while handling the event (another process may take it)', { ...context, worker: this.workerId });
              }
            },
            (err: unknown) => {
              if (!this.heartbeats.has(event.eventId)) return;
              log.warn('inbox heartbeat failed; trying again', { ...context, err: describeCause(err) });
              schedule();
            },
          );
        },
        Math.max(100, Math.floor(this.leaseMs / 3)),
      );
      t.unref();
      this.heartbeats.set(event.eventId, t);
    };
    schedule();
  }

  private async withTimeout(event: ClaimedInbound): Promise<void> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        const err = new InboxTimeoutError(this.timeoutMs);
        controller.abort(err);
        reject(err);
      }, this.timeoutMs);
      timer.unref();
    });
    try {
      // A handler that never settles is left behind; only its result is ignored.
      await Promise.race([Promise.resolve().then(() => this.options.handle(event, controller.signal)), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async failed(event: ClaimedInbound, err: unknown, context: Record<string, unknown>): Promise<void> {
    if (event.attempt >= this.maxAttempts) {
      await this.park(event, err, context);
      return;
    }
    const delayMs = this.retryBaseMs * 2 ** (event.attempt - 1);
    const retryAt = new Date(this.options.clock.now().getTime() + delayMs).toISOString();
    log.warn('inbox event failed; will retry', { ...context, retryInMs: delayMs, err: describeCause(err) });
    await this.options.storage.retryInboundLater(event.eventId, { error: describeCause(err), retryAt });
    this.wakeUpIn(delayMs);
  }

  private async park(event: ClaimedInbound, err: unknown, context: Record<string, unknown>): Promise<void> {
    log.error('inbox event failed for good; parked as dead (retry or drop it in the console)', { ...context, err: describeCause(err) });
    await this.options.storage.markInboundDead(event.eventId, { error: describeCause(err), at: this.options.clock.now().toISOString() });
    try {
      await this.options.onDead?.(event, err);
    } catch (e) {
      log.error('inbox dead-event follow-up failed', { ...context, err: describeCause(e) });
    }
  }

  /** Claim again when a retry falls due (the poll would find it too, later). */
  private wakeUpIn(ms: number): void {
    if (this.stopped) return;
    const t = setTimeout(() => {
      this.wakeUps.delete(t);
      void this.kick();
    }, ms + 5);
    t.unref();
    this.wakeUps.add(t);
  }

  /** Stop claiming; wait for the events in hand up to `deadlineMs`. True when they all finished. */
  async stop(deadlineMs = 10_000): Promise<boolean> {
    this.stopped = true;
    this.lag.stop();
    clearTimeout(this.timer);
    for (const t of this.wakeUps) clearTimeout(t);
    this.wakeUps.clear();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), deadlineMs);
    });
    const finished = (async () => {
      await this.claiming;
      await Promise.all(this.inFlight.values());
      return true as const;
    })();
    const done = await Promise.race([finished, deadline]);
    clearTimeout(timer);
    // Events still in hand are no longer renewed: their leases run out and another process takes them.
    for (const t of this.heartbeats.values()) clearTimeout(t);
    this.heartbeats.clear();
    if (!done)
      log.warn('stopped with inbox events still in hand; their leases run out and another process takes them', {
        worker: this.workerId,
        inFlight: [...this.inFlight.keys()],
      });
    return done;
  }
}
