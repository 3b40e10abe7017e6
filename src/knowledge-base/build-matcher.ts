/**
 * Build the matcher for a knowledge base: on this thread (at start, when nothing is answered yet), or in a
 * worker thread (on a reload, so that messages keep being answered from the previous version meanwhile —
 * training the classifiers takes about 2 s for the shipped knowledge base).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { Matcher, type MatcherOptions } from '../matching/matcher.js';
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
 * The worker's first code, plain JavaScript: node 20 does not apply `--import tsx` to a worker's entry
 * module, so it registers tsx in the thread, then loads the TypeScript worker module.
 */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import(workerData.tsx).then(({ register }) => { register(); return import(workerData.module); });
`;

/**
 * tsx's ESM API module (its `./esm/api` export for `import`), found from its package.json: this file may run
 * as CommonJS (under mocha), where import.meta.resolve is missing and require.resolve picks the CommonJS build.
 */
const TSX_ESM_API = pathToFileURL(path.join(path.dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist', 'esm', 'api', 'index.mjs')).href;

/** The same matcher as buildMatcher, built in a worker thread. */
export function buildMatcherInWorker(kb: KnowledgeBase, day: string): Promise<Matcher> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(BOOTSTRAP, {
      eval: true,
      workerData: { ...inputs(kb, day), module: new URL('./build-matcher.worker.ts', import.meta.url).href, tsx: TSX_ESM_API },
    });
    let done = false;
    worker.once('message', (plain: Matcher) => {
      done = true;
      resolve(Matcher.revive(plain));
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
