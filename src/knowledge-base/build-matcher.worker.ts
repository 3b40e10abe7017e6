/**
 * Worker thread: builds a matcher — most of the time goes into training its classifiers — away from the
 * thread that answers messages, and posts it back as plain data (see build-matcher.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Entry } from './types.js';
import { Matcher, type MatcherOptions } from '../matching/matcher.js';

const { entries, options } = workerData as { entries: Entry[]; options: MatcherOptions };
parentPort!.postMessage(new Matcher(entries, options).toData());
