/**
 * Build the matcher for a knowledge base: on this thread (at start, when nothing is answered yet), or in a
 * worker thread (on a reload, so that messages keep being answered from the previous version meanwhile —
 * training the classifiers takes about 2 s for the shipped knowledge base). The matcher comes back as plain
 * data (Matcher.toData / fromData).
 */
import { Worker } from 'node:worker_threads';
import { Matcher, type MatcherData, type MatcherOptions } from '../matching/matcher.js';
import { servableEntries } from './load.js';
import type { Entry, KnowledgeBase } from './types.js';

function inputs(kb: KnowledgeBase, day: string): { entries: Entry[]; options: MatcherOptions } {
  return { entries: servableEntries(kb, day), options: { abbreviations: kb.abbreviations, intentExamples: kb.intentExamples } };
}

export function buildMatcher(kb: KnowledgeBase, day: string): Matcher {
  const { entries, options } = inputs(kb, day);
  return new Matcher(entries, options);
}

/**
 * The worker thread, with the extension of this module: compiled (dist/, `npm start`), the worker's own
 * .js file; under tsx (development, tests, CLIs), a small JavaScript entry that registers tsx in the thread
 * and then loads the .ts worker — on Node 20, tsx's `--import` hooks do not reach worker threads.
 */
function startWorker(workerData: { entries: Entry[]; options: MatcherOptions }): Worker {
  const worker = new URL('./build-matcher.worker.js', import.meta.url);
  if (!new URL(import.meta.url).pathname.endsWith('.ts')) return new Worker(worker, { workerData });
  return new Worker(new URL('./tsx-worker.mjs', import.meta.url), {
    workerData: { ...workerData, module: new URL('./build-matcher.worker.ts', import.meta.url).href },
    execArgv: [], // tsx is registered once, by the entry (a second registration would stack its hooks)
  });
}

/** The same matcher as buildMatcher, built in a worker thread. */
export function buildMatcherInWorker(kb: KnowledgeBase, day: string): Promise<Matcher> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(inputs(kb, day));
    let done = false;
    worker.once('message', (data: MatcherData) => {
      done = true;
      resolve(Matcher.fromData(data));
      void worker.terminate();
    });
    worker.once('error', (err) => {
      done = true;
      reject(err);
    });
    worker.once('exit', (code) => {
      if (!done) reject(new Error(`the matcher worker stopped (exit code ${code}) without a matcher`));
    });
  });
}
