// `npm run build`: the production build in dist/ (what `npm start` and the Procfile run, with no TypeScript
// toolchain at run time). tsc compiles src/ (tsconfig.build.json, which also copies the JSON modules that
// src/ imports); the static files of the web chat and the console (src/**/public/) are copied beside.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'src');
const dist = path.join(root, 'dist');

// From scratch: a module whose source was deleted must not linger in dist/.
fs.rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const { status } = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (status !== 0) process.exit(status ?? 1);

for (const dir of fs.readdirSync(src, { recursive: true })) {
  if (path.basename(dir) === 'public' && fs.statSync(path.join(src, dir)).isDirectory()) {
    fs.cpSync(path.join(src, dir), path.join(dist, dir), { recursive: true });
  }
}
