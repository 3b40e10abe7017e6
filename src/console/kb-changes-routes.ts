/**
 * GET /console/api/kb/changes?from=YYYY-MM-DD&to=YYYY-MM-DD (role editor): "what changes on this date"
 * for the knowledge base being served now (knowledge-base/changes.ts). Without a range: from a year ago to
 * three years ahead, which covers the laws already passed and not yet in force.
 */
import express, { type Router } from 'express';
import { vietnamDay, type Clock } from '../clock.js';
import type { Config } from '../config.js';
import { addDays, changesBetween, isDay } from '../knowledge-base/changes.js';
import type { KnowledgeBaseProvider } from '../knowledge-base/provider.js';
import { API_ERRORS, ApiError } from '../server/errors.js';
import type { ConsoleAuth } from './auth.js';

/** A longer range is refused: it would only make a page nobody reads. */
const MAX_RANGE_DAYS = 20 * 366;

export function kbChangesRouter(options: { auth: ConsoleAuth; kb: KnowledgeBaseProvider; config: Config; clock: Clock }): Router {
  const { auth, kb, config, clock } = options;
  const router = express.Router();
  router.get('/console/api/kb/changes', auth.require('editor'), (req, res) => {
    const today = vietnamDay(clock.now());
    const day = (name: 'from' | 'to', fallback: string) => {
      const value = req.query[name];
      if (value === undefined) return fallback;
      if (typeof value !== 'string' || !isDay(value)) throw new ApiError(API_ERRORS.BAD_REQUEST, `${name}: a day as YYYY-MM-DD`);
      return value;
    };
    const from = day('from', addDays(today, -365));
    const to = day('to', addDays(today, 3 * 365));
    if (to < from) throw new ApiError(API_ERRORS.BAD_REQUEST, 'to: not before from');
    if (to > addDays(from, MAX_RANGE_DAYS)) throw new ApiError(API_ERRORS.BAD_REQUEST, 'to: at most 20 years after from');
    res.json({ today, from, to, days: changesBetween(kb.current().kb, { from, to }, config.organisation) });
  });
  return router;
}
