import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FIXTURE_KB = path.join(ROOT, 'test', 'fixtures', 'kb');
export const REAL_KB = path.join(ROOT, 'knowledge-base');
