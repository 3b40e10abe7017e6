/**
 * Browser libraries served as they are shipped, without a build step: only fuse.js's ES module build, for
 * the knowledge-base editor's search (typo-tolerant, no diacritics needed). One file by its exact path,
 * never a folder of node_modules.
 */
import { fileURLToPath } from 'node:url';
import express, { type Router } from 'express';

/** dist/fuse.min.mjs: the package exports it as "fuse.js/min" for import. */
export const FUSE_FILE = fileURLToPath(import.meta.resolve('fuse.js/min'));

export function vendorRouter(): Router {
  const router = express.Router();
  router.get('/console/static/vendor/fuse.mjs', (_req, res) => {
    res.type('text/javascript; charset=utf-8');
    res.sendFile(FUSE_FILE, { maxAge: '1d' });
  });
  return router;
}
