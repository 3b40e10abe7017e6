/**
 * What each runtime dependency costs, measured on the installed node_modules (README, "Why each runtime
 * dependency"): for each one, the distinct packages (name@version) it pulls in, following every
 * package.json's dependencies, its installed optional dependencies and its required peers, resolved as
 * Node resolves them; and for a group, how many production packages exist only for it (they would go with it).
 * `npm ls --all` is not used for the per-dependency figures: it counts a shared subtree once, under
 * whichever dependency it prints first, so its numbers change with the order of package.json.
 *
 *   npx tsx scripts/dependency-cost.ts [--only name,name,...]
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

interface Manifest {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

const root = process.cwd();
const manifest = (dir: string): Manifest => JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as Manifest;

/** The directory `name` resolves to from `fromDir`, as Node looks it up; undefined when it is not installed. */
function resolve(fromDir: string, name: string): string | undefined {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return fs.realpathSync(candidate);
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** Every installed package directory reachable from these, themselves included. */
function closure(dirs: string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [...dirs];
  while (stack.length) {
    const dir = stack.pop()!;
    if (seen.has(dir)) continue;
    seen.add(dir);
    const m = manifest(dir);
    const requiredPeers = Object.keys(m.peerDependencies ?? {}).filter((n) => !m.peerDependenciesMeta?.[n]?.optional);
    for (const name of [...Object.keys(m.dependencies ?? {}), ...Object.keys(m.optionalDependencies ?? {}), ...requiredPeers]) {
      const found = resolve(dir, name);
      if (found) stack.push(found);
    }
  }
  return seen;
}

/** Bytes of a package's own files (its nested node_modules left to the packages inside). */
function ownBytes(dir: string): number {
  let sum = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) sum += entry.name === 'node_modules' ? 0 : ownBytes(full);
    else if (entry.isFile()) sum += fs.statSync(full).size;
  }
  return sum;
}

const distinct = (dirs: Iterable<string>): Set<string> => new Set([...dirs].map((d) => `${manifest(d).name}@${manifest(d).version}`));

const { values } = parseArgs({ options: { only: { type: 'string' } } });
const production = Object.keys(manifest(root).dependencies ?? {});
const top = new Map(production.map((name) => [name, resolve(root, name)!]));
const all = closure([...top.values()]);
console.log(`production packages in all: ${distinct(all).size}`);
for (const [name, dir] of top) {
  const pulled = closure([dir]);
  pulled.delete(dir);
  console.log(`${name}: pulls in ${distinct(pulled).size}`);
}
if (values.only) {
  const group = values.only.split(',');
  const rest = closure(production.filter((n) => !group.includes(n)).map((n) => top.get(n)!));
  const dirs = [...all].filter((d) => !rest.has(d));
  // A nested package's folder sits inside its parent's: count each file once, under the innermost package.
  const bytes = dirs.reduce((sum, d) => sum + ownBytes(d), 0);
  console.log(
    `only for ${group.join(' + ')} (themselves included): ${distinct(dirs).size} of ${distinct(all).size} packages, ${(bytes / 1e6).toFixed(1)} MB on disk`,
  );
}
