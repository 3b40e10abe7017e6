/**
 * The knowledge base the bot answers from right now, and its matcher. It comes from a source: the store's
 * published revisions (the server: editors publish, every instance follows) or a folder (kb:validate, ask,
 * eval, tests). `follow()` polls the store's publish mark and reloads when it moves; `watch()` reloads a
 * folder when its files change. A load with problems keeps the last good version. A reload builds the new
 * matcher in a worker thread: messages are answered from the previous version until it is ready.
 */
import fs from 'node:fs';
import { vietnamDay, type Clock } from '../clock.js';
import { log } from '../log.js';
import type { Matcher } from '../matching/matcher.js';
import { buildMatcher, buildMatcherInWorker } from './build-matcher.js';
import type { KbStore } from '../storage/types.js';
import { loadKnowledgeBase, loadKnowledgeBaseFiles, type LoadResult } from './load.js';
import { toFiles } from './documents.js';
import { publishedDocuments, publishedFiles } from './published.js';
import type { KbProblem, KnowledgeBase } from './types.js';

export class KnowledgeBaseLoadError extends Error {
  override name = 'KnowledgeBaseLoadError';
  constructor(readonly problems: KbProblem[]) {
    super(`knowledge base has ${problems.length} problem(s): ${problems.slice(0, 3).map((p) => `${p.file}:${p.line} ${p.message}`).join('; ')}`);
  }
}

/** Where the knowledge base is read from. */
export interface KbSource {
  /** for logs: the folder, or "the store" */
  readonly name: string;
  load(day: string): Promise<LoadResult>;
  /** Cheap, polled: changes whenever load() would give something new. None: a folder (watched instead). */
  mark?(): Promise<string>;
  /** a folder's path, for watch() */
  readonly dir?: string;
  /**
   * Knowledge bases that may be published soon (the published one with a draft in review in place), each
   * with a key that changes when that draft does: followers build their matchers ahead (see follow()).
   */
  upcoming?(): Promise<{ key: string; load(day: string): Promise<LoadResult> }[]>;
}

export function folderSource(dir: string): KbSource {
  return { name: dir, dir, load: async (day) => loadKnowledgeBase(dir, { day }) };
}

/** The published revisions in the store (what the server answers from). */
export function storeSource(store: Pick<KbStore, 'listLatestKbRevisions' | 'kbPublishMark' | 'listKbDrafts'>): KbSource {
  return {
    name: 'the store',
    load: async (day) => loadKnowledgeBaseFiles(await publishedFiles(store), { day }),
    mark: () => store.kbPublishMark(),
    upcoming: async () =>
      (await store.listKbDrafts())
        .filter((d) => d.state === 'in_review')
        .sort((a, b) => (b.submittedAt ?? '').localeCompare(a.submittedAt ?? ''))
        .map((draft) => ({
          key: `${draft.path}#${draft.eTag}`,
          load: async (day: string) => {
            const latest = await store.listLatestKbRevisions();
            const docs = publishedDocuments(latest).filter((d) => d.path !== draft.path);
            const current = latest.find((r) => r.path === draft.path);
            if (draft.text !== null) docs.push({ path: draft.path, kind: draft.kind, text: draft.text, ...(current?.order !== undefined ? { order: current.order } : {}) });
            return loadKnowledgeBaseFiles(toFiles(docs), { day });
          },
        })),
  };
}

export interface Snapshot {
  kb: KnowledgeBase;
  matcher: Matcher;
  /** the day the matcher's set of servable entries was computed for */
  day: string;
}

export class KnowledgeBaseProvider {
  private snapshot: Snapshot;
  private watcher: fs.FSWatcher | undefined;
  private reloadTimer: NodeJS.Timeout | undefined;
  /** reloads run one after the other */
  private reloads: Promise<unknown> = Promise.resolve();
  /** the next day's snapshot, built ahead in a worker thread (keepNextDayReady) */
  private nextDay: Snapshot | undefined;
  private nextDayTimer: NodeJS.Timeout | undefined;
  lastProblems: KbProblem[] = [];
  private followTimer: NodeJS.Timeout | undefined;
  /**
   * A matcher built ahead for a draft in review, by the knowledge base's version: when that draft is
   * published, the reload finds it here instead of training for seconds. One at a time (memory).
   */
  private ahead: { key: string; snapshot?: Snapshot } | undefined;
  /** the build ahead in progress, if any (one at a time) */
  private buildingAhead: Promise<void> | undefined;
  /** the source's mark when the current snapshot was read */
  private mark: string | undefined;

  private constructor(readonly source: KbSource, readonly clock: Clock, first: Snapshot) {
    this.snapshot = first;
  }

  /** Load or throw: a server must not start on a broken knowledge base. */
  static load(dir: string, clock: Clock): KnowledgeBaseProvider {
    const day = vietnamDay(clock.now());
    const { kb, problems } = loadKnowledgeBase(dir, { day });
    if (problems.length > 0) throw new KnowledgeBaseLoadError(problems);
    return new KnowledgeBaseProvider(folderSource(dir), clock, build(kb, day));
  }

  /**
   * Load or throw, with the matcher built in a worker thread (what `npm start` uses). Building it here
   * would leave this thread's heap grown by ~100 MB of training garbage that V8 keeps mapped long after
   * (measured: 300 MB resident after building here, against ~200 MB when the matcher comes as data).
   */
  static async start(source: KbSource | string, clock: Clock, options: { inWorker?: boolean } = {}): Promise<KnowledgeBaseProvider> {
    const from = typeof source === 'string' ? folderSource(source) : source;
    const day = vietnamDay(clock.now());
    const mark = await from.mark?.();
    const { kb, problems } = await from.load(day);
    if (problems.length > 0) throw new KnowledgeBaseLoadError(problems);
    const matcher = options.inWorker === false ? buildMatcher(kb, day) : await buildMatcherInWorker(kb, day);
    const provider = new KnowledgeBaseProvider(from, clock, { kb, day, matcher });
    provider.mark = mark;
    return provider;
  }

  /**
   * The current snapshot. When the day changes, entries can start or stop applying: the day's snapshot is
   * the one built ahead (keepNextDayReady) if it is for this knowledge base, or else built here and now —
   * never the old matcher, which could still answer from an entry that stopped applying.
   */
  current(): Snapshot {
    const day = vietnamDay(this.clock.now());
    if (day !== this.snapshot.day) {
      const ready = this.nextDay;
      this.snapshot = ready && ready.day === day && ready.kb === this.snapshot.kb ? ready : build(this.snapshot.kb, day);
      this.nextDay = undefined;
    }
    return this.snapshot;
  }

  /**
   * Build the snapshot for `day` in a worker thread, for current() to switch to when that day comes
   * (unless the knowledge base is reloaded meanwhile). Resolves to that snapshot.
   */
  async prepareDay(day: string): Promise<Snapshot> {
    const { kb } = this.snapshot;
    const prepared = { kb, day, matcher: await buildMatcherInWorker(kb, day) };
    if (this.snapshot.kb === kb) this.nextDay = prepared;
    return prepared;
  }

  /**
   * Every day, a few minutes before midnight in Vietnam, build the next day's snapshot in a worker thread,
   * so that the first message after midnight does not wait for it.
   */
  keepNextDayReady(leadMs = 5 * 60_000): void {
    clearTimeout(this.nextDayTimer);
    const now = this.clock.now().getTime();
    const next = nextPreparation(now, leadMs);
    this.nextDayTimer = setTimeout(() => {
      this.prepareDay(next.day)
        .then(() => undefined, (err: unknown) => log.warn('could not build the next day\'s matcher ahead; it will be built at midnight', { err }))
        .finally(() => this.keepNextDayReady(leadMs));
    }, next.at - now);
    this.nextDayTimer.unref();
  }

  /**
   * Reload from disk. Resolves to the problems; on problems the previous version stays in use. The new
   * matcher is built in a worker thread (on this one if the worker fails), and replaces the current one
   * when it is ready.
   */
  reload(): Promise<KbProblem[]> {
    const next = this.reloads.then(() => this.reloadNow());
    this.reloads = next.catch(() => undefined);
    return next;
  }

  private async reloadNow(): Promise<KbProblem[]> {
    const day = vietnamDay(this.clock.now());
    // The mark is read before the load: a publish landing in between moves it again, and is loaded next time.
    const mark = await this.source.mark?.();
    const { kb, problems } = await this.source.load(day);
    this.mark = mark;
    this.lastProblems = problems;
    if (problems.length > 0) {
      log.warn('knowledge base not reloaded: keeping the last good version', {
        version: this.snapshot.kb.version,
        problems: problems.slice(0, 20).map((p) => `${p.file}:${p.line} ${p.message}`),
      });
      return problems;
    }
    if (kb.version !== this.snapshot.kb.version) {
      const started = performance.now();
      const ready = this.ahead?.snapshot;
      if (ready && ready.kb.version === kb.version && ready.day === day) {
        this.snapshot = { kb, day, matcher: ready.matcher };
        this.ahead = undefined;
        log.info('knowledge base reloaded', { version: kb.version, entries: kb.entries.length, buildMs: 0, builtAhead: true });
        return problems;
      }
      let matcher: Matcher;
      try {
        matcher = await buildMatcherInWorker(kb, day);
      } catch (err) {
        log.warn('could not build the matcher in a worker thread; building it here', { err });
        matcher = buildMatcher(kb, day);
      }
      this.snapshot = { kb, day, matcher };
      log.info('knowledge base reloaded', { version: kb.version, entries: kb.entries.length, buildMs: Math.round(performance.now() - started) });
    }
    return problems;
  }

  /**
   * Poll the source's mark every `everyMs` and reload when it moves: a publish on any instance reaches this
   * one within `everyMs` plus the time to build the matcher (in a worker thread), without a restart.
   */
  follow(everyMs = 1000, options: { buildAhead?: boolean } = {}): void {
    if (this.followTimer || !this.source.mark) return;
    const ahead = options.buildAhead !== false;
    const tick = async () => {
      try {
        const mark = await this.source.mark!();
        if (mark !== this.mark) await this.reload();
        // In the background: training takes seconds, and the publish mark must go on being checked meanwhile
        // (a publish of another document is followed within a second, not after this training).
        if (ahead && !this.buildingAhead) {
          this.buildingAhead = this.buildAhead()
            .catch((err: unknown) => log.warn('could not build the matcher of a draft in review ahead; its publish will train it then', { err }))
            .finally(() => (this.buildingAhead = undefined));
        }
      } catch (err) {
        log.warn('could not check the knowledge base for publishes; trying again', { err });
      }
      if (this.followTimer) this.followTimer = setTimeout(() => void tick(), everyMs).unref();
    };
    this.followTimer = setTimeout(() => void tick(), everyMs).unref();
  }

  /** The knowledge-base version whose matcher is built ahead and waiting for its publish (for /healthz and tests). */
  builtAhead(): string | undefined {
    return this.ahead?.snapshot?.kb.version;
  }

  /**
   * Build the matcher of the newest draft in review ahead, in a worker thread, so that its publish reaches
   * this instance within about a second (the poll) instead of after a training of several seconds.
   */
  private async buildAhead(): Promise<void> {
    const upcoming = (await this.source.upcoming?.()) ?? [];
    const next = upcoming[0];
    if (!next) {
      this.ahead = undefined;
      return;
    }
    if (this.ahead?.key === next.key) return;
    this.ahead = { key: next.key };
    const day = vietnamDay(this.clock.now());
    const { kb, problems } = await next.load(day);
    if (problems.length > 0 || kb.version === this.snapshot.kb.version) return;
    const matcher = await buildMatcherInWorker(kb, day);
    if (this.ahead?.key === next.key) this.ahead.snapshot = { kb, day, matcher };
  }

  watch(debounceMs = 300): void {
    if (this.watcher || !this.source.dir) return;
    try {
      this.watcher = fs.watch(this.source.dir, { recursive: true }, () => {
        clearTimeout(this.reloadTimer);
        this.reloadTimer = setTimeout(() => {
          this.reload().catch((err: unknown) => log.error('knowledge base reload failed', { err }));
        }, debounceMs);
      });
      this.watcher.on('error', (err) => log.warn('knowledge base watcher stopped', { err }));
    } catch (err) {
      log.warn('cannot watch the knowledge base folder; changes need a restart', { err });
    }
  }

  close(): void {
    clearTimeout(this.followTimer);
    this.followTimer = undefined;
    clearTimeout(this.reloadTimer);
    clearTimeout(this.nextDayTimer);
    this.watcher?.close();
    this.watcher = undefined;
  }
}

/**
 * When to build which day's snapshot ahead: `leadMs` before the first midnight in Vietnam that is more than
 * `leadMs` (and a second) away — so that, once a day is prepared, the next call aims at the day after.
 */
export function nextPreparation(now: number, leadMs: number): { day: string; at: number } {
  const after = now + leadMs + 1000;
  const day = vietnamDay(new Date(after + 86_400_000));
  return { day, at: Date.parse(`${day}T00:00:00+07:00`) - leadMs };
}

function build(kb: KnowledgeBase, day: string): Snapshot {
  return { kb, day, matcher: buildMatcher(kb, day) };
}
