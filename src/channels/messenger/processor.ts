/**
 * Works through the inbox: claims the oldest unprocessed event of each worker (so one worker's messages
 * are handled in order), handles it, marks it done. Several instances may run against one database:
 * a claim is a lease, so an event is handled by one instance; an instance that dies leaves its lease to
 * expire and the event is handled after restart.
 */
import { randomUUID } from 'node:crypto';
import { log } from '../../log.js';
import type { InboundEvent, Storage } from '../../storage/types.js';

export interface ProcessorOptions {
  storage: Storage;
  handle: (event: InboundEvent) => Promise<void>;
  clock: { now(): Date };
  leaseMs?: number;
  pollMs?: number;
  batch?: number;
}

export class InboxProcessor {
  readonly workerId = `worker-${randomUUID().slice(0, 8)}`;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(private readonly options: ProcessorOptions) {}

  start(): void {
    this.stopped = false;
    const poll = () => {
      if (this.stopped) return;
      this.kick();
      this.timer = setTimeout(poll, this.options.pollMs ?? 1000);
      this.timer.unref();
    };
    poll();
  }

  /** Process now (new events were recorded). Never rejects. */
  kick(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.drain()
      .catch((err: unknown) => log.error('inbox processing failed', { err: err instanceof Error ? err : String(err) }))
      .finally(() => {
        this.running = undefined;
        if (this.again && !this.stopped) {
          this.again = false;
          void this.kick();
        }
      });
    return this.running;
  }

  /** Handle everything that can be handled now. */
  async drain(): Promise<void> {
    for (;;) {
      const claimed = await this.options.storage.claimInbound(this.workerId, this.options.leaseMs ?? 60_000, this.options.clock.now().toISOString(), this.options.batch ?? 16);
      if (claimed.length === 0) return;
      await Promise.all(
        claimed.map(async (event) => {
          try {
            await this.options.handle(event);
          } catch (err) {
            // A failure inside the handler is logged and the event finished: retrying a half-sent reply
            // would risk answering twice. Transient send errors were already retried by the Graph client.
            log.error('inbox event failed', { eventId: event.eventId, err: err instanceof Error ? err : String(err) });
          }
          await this.options.storage.markInboundDone(event.eventId);
        }),
      );
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
