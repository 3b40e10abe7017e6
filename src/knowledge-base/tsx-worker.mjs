// Entry of a TypeScript worker thread under tsx (development, tests, CLIs; never in the compiled build):
// on Node 20, tsx's `--import` hooks apply to the main thread only, so the thread registers tsx itself
// (its public API), then loads the worker module named in workerData.module.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
