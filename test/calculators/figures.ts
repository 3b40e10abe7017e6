/** The project's real figures table (knowledge-base/figures), as the CLI and the bot load it. */
import { loadKnowledgeBase } from '../../src/knowledge-base/load.js';
import type { Figures } from '../../src/calculators/types.js';
import { REAL_KB } from '../helpers/paths.js';

let cached: Figures | undefined;

export function realFigures(): Figures {
  cached ??= loadKnowledgeBase(REAL_KB, { day: '2026-12-06' }).kb.figures;
  return cached;
}
