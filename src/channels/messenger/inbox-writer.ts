/**
 * Group commit for the webhook: the events of every request that arrives while a write is being made (or
 * in the same turn of the event loop) are recorded together, in one durable write, and each request is
 * acknowledged when the write that holds its events is done. Under load one wait for the disk
 * acknowledges dozens of requests instead of one; alone, a request waits for its own write only.
 *
 * The deletion check (an event from before the worker's data was deleted is neither stored nor answered)
 * is made for the whole batch with one read.
 */
import { deletedAfter, tombstoneKey, type Tombstone } from '../../storage/erasure.js';
import type { InboundEvent, InboxStore, StateStore } from '../../storage/types.js';

export interface PendingRecord extends InboundEvent {
  /** Meta's time of the event (ms since the epoch), for the deletion check; absent on odd events */
  timestamp?: number;
}

/** What became of one event: recorded now, seen before, or from before a deletion of the worker's data. */
export type RecordOutcome = 'fresh' | 'duplicate' | 'afterDeletion';

interface Waiting {
  records: PendingRecord[];
  resolve: (outcomes: RecordOutcome[]) => void;
  reject: (err: unknown) => void;
}

export class InboxWriter {
  private queue: Waiting[] = [];
  private writing = false;
  private scheduled = false;

  constructor(
    private readonly storage: Pick<InboxStore, 'recordInboundBatch'> & Pick<StateStore, 'readState'>,
    /** Most events in one write (a larger queue is written in several). */
    private readonly maxBatch = 500,
  ) {}

  /** Record these events (one request's); resolves once they are durably stored. */
  record(records: PendingRecord[]): Promise<RecordOutcome[]> {
    if (records.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.queue.push({ records, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.writing || this.scheduled) return;
    this.scheduled = true;
    // setImmediate, not a microtask: the requests already read in this turn of the loop join the batch.
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.writing || this.queue.length === 0) return;
    this.writing = true;
    const batch: Waiting[] = [];
    let size = 0;
    while (this.queue.length > 0 && (batch.length === 0 || size + this.queue[0]!.records.length <= this.maxBatch)) {
      const next = this.queue.shift()!;
      batch.push(next);
      size += next.records.length;
    }
    try {
      const outcomes = await this.write(batch.flatMap((w) => w.records));
      let at = 0;
      for (const w of batch) {
        w.resolve(outcomes.slice(at, at + w.records.length));
        at += w.records.length;
      }
    } catch (err) {
      for (const w of batch) w.reject(err);
    } finally {
      this.writing = false;
      if (this.queue.length > 0) this.schedule();
    }
  }

  private async write(records: PendingRecord[]): Promise<RecordOutcome[]> {
    const keys = [...new Set(records.map((r) => tombstoneKey(r.conversationId)))];
    const tombstones = await this.storage.readState(keys);
    const deleted = records.map(
      (r) => r.timestamp !== undefined && deletedAfter(tombstones[tombstoneKey(r.conversationId)] as Tombstone | undefined, r.timestamp),
    );
    const kept = records.filter((_r, i) => !deleted[i]);
    const stored = await this.storage.recordInboundBatch(
      kept.map(({ eventId, conversationId, payload, receivedAt }) => ({ eventId, conversationId, payload, receivedAt })),
    );
    let k = 0;
    return records.map((_r, i) => (deleted[i] ? 'afterDeletion' : stored[k++] ? 'fresh' : 'duplicate'));
  }
}
