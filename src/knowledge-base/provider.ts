/**
 * The knowledge base the bot answers from right now, and its matcher.
 * `watch()` reloads when files change; a load with problems keeps the last good version.
 */
import fs from 'node:fs';
import { vietnamDay, type Clock } from '../clock.js';
import { log } from '../log.js';
import { Matcher } from '../matching/matcher.js';
import { loadKnowledgeBase, servableEntries } from './load.js';
import type { KbProblem, KnowledgeBase } from './types.js';

export class KnowledgeBaseLoadError extends Error {
  override name = 'KnowledgeBaseLoadError';
  constructor(readonly problems: KbProblem[]) {
    super(`knowledge base has ${problems.length} problem(s): ${problems.slice(0, 3).map((p) => `${p.file}:${p.line} ${p.message}`).join('; ')}`);
  }
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
  lastProblems: KbProblem[] = [];

  private constructor(readonly dir: string, readonly clock: Clock, first: Snapshot) {
    this.snapshot = first;
  }

  /** Load or throw: a server must not start on a broken knowledge base. */
  static load(dir: string, clock: Clock): KnowledgeBaseProvider {
    const day = vietnamDay(clock.now());
    const { kb, problems } = loadKnowledgeBase(dir, { day });
    if (problems.length > 0) throw new KnowledgeBaseLoadError(problems);
    return new KnowledgeBaseProvider(dir, clock, build(kb, day));
  }

  /** The current snapshot; rebuilt when the day changes, since entries can start or stop applying. */
  current(): Snapshot {
    const day = vietnamDay(this.clock.now());
    if (day !== this.snapshot.day) this.snapshot = build(this.snapshot.kb, day);
    return this.snapshot;
  }

  /** Reload from disk. Returns the problems; on problems the previous version stays in use. */
  reload(): KbProblem[] {
    const day = vietnamDay(this.clock.now());
    const { kb, problems } = loadKnowledgeBase(this.dir, { day });
    this.lastProblems = problems;
    if (problems.length > 0) {
      log.warn('knowledge base not reloaded: keeping the last good version', {
        version: this.snapshot.kb.version,
        problems: problems.slice(0, 20).map((p) => `${p.file}:${p.line} ${p.message}`),
      });
      return problems;
    }
    if (kb.version !== this.snapshot.kb.version) {
      this.snapshot = build(kb, day);
      log.info('knowledge base reloaded', { version: kb.version, entries: kb.entries.length });
    }
    return problems;
  }

  watch(debounceMs = 300): void {
    if (this.watcher) return;
    try {
      this.watcher = fs.watch(this.dir, { recursive: true }, () => {
        clearTimeout(this.reloadTimer);
        this.reloadTimer = setTimeout(() => {
          try {
            this.reload();
          } catch (err) {
            log.error('knowledge base reload failed', { err });
          }
        }, debounceMs);
      });
      this.watcher.on('error', (err) => log.warn('knowledge base watcher stopped', { err }));
    } catch (err) {
      log.warn('cannot watch the knowledge base folder; changes need a restart', { err });
    }
  }

  close(): void {
    clearTimeout(this.reloadTimer);
    this.watcher?.close();
    this.watcher = undefined;
  }
}

function build(kb: KnowledgeBase, day: string): Snapshot {
  return { kb, day, matcher: new Matcher(servableEntries(kb, day), { abbreviations: kb.abbreviations, intentExamples: kb.intentExamples }) };
}
