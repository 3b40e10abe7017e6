/**
 * The knowledge base as files — the exchange format (issue 16 item 7): what kb:import reads, kb:export
 * writes and git reviews. In the store each file is split into documents (documents.ts); these are the
 * whole files, with paths relative to the knowledge-base folder and "/" as separator.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface KbFile {
  /** relative to the knowledge-base folder, "/"-separated: entries/leave/nghi-phep-nam.yaml */
  path: string;
  text: string;
}

/** Files that belong to the knowledge base: its YAML and its Markdown (README, CHANGELOG). */
const KB_FILE = /\.(ya?ml|md)$/;

export function readKbFolder(root: string): KbFile[] {
  const out: KbFile[] = [];
  const walk = (dir: string) => {
    for (const item of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, item.name);
      if (item.isDirectory()) walk(full);
      else if (KB_FILE.test(item.name)) out.push({ path: path.relative(root, full).split(path.sep).join('/'), text: fs.readFileSync(full, 'utf8') });
    }
  };
  if (fs.existsSync(root)) walk(root);
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Write the files under `root` (created if missing). Paths may not leave the folder. */
export function writeKbFolder(root: string, files: KbFile[]): void {
  for (const file of files) {
    const full = path.resolve(root, ...file.path.split('/'));
    if (!full.startsWith(path.resolve(root) + path.sep)) throw new Error(`refusing to write outside the folder: ${file.path}`);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, file.text);
  }
}
