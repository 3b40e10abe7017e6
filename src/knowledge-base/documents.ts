/**
 * Files ↔ documents: the unit editors draft, review and publish. An entry file is one document; a file of
 * figures is one document per figure (`figures/wages.yaml#base_salary`), so that a figure's dated rows are
 * edited and reviewed on their own; any other file (intents, abbreviations, situations, README) is one
 * document. The split is textual and lossless: a file is its documents' texts joined in order, comments
 * and blank lines included (a figure takes the comment lines right above it; the file's opening comment
 * stays with its first figure).
 */
import type { KbDocumentKind } from '../storage/types.js';
import type { KbFile } from './files.js';

export interface KbDocument {
  path: string;
  kind: KbDocumentKind;
  text: string;
  /** figures: the place within their file */
  order?: number;
}

const FIGURE_KEY = /^([a-z0-9_]+)\s*:/;

export function isFigureFile(path: string): boolean {
  return path.startsWith('figures/') && /\.ya?ml$/.test(path);
}

/** `figures/wages.yaml#base_salary` → { file: 'figures/wages.yaml', id: 'base_salary' }; other paths: id undefined. */
export function figurePath(path: string): { file: string; id?: string } {
  const hash = path.indexOf('#');
  return hash < 0 ? { file: path } : { file: path.slice(0, hash), id: path.slice(hash + 1) };
}

/** A file of figures cut into one text per figure (see the module comment); joining the texts gives the file back. */
export function splitFigureFile(text: string): { id: string; text: string }[] {
  const lines = text.split(/(?<=\n)/);
  const starts: { id: string; at: number }[] = [];
  lines.forEach((line, i) => {
    const key = FIGURE_KEY.exec(line);
    if (key) starts.push({ id: key[1]!, at: i });
  });
  if (starts.length === 0) return [];
  // Each figure after the first also takes the comment lines right above its key.
  for (const start of starts.slice(1)) {
    while (start.at > 0 && lines[start.at - 1]!.startsWith('#')) start.at--;
  }
  starts[0]!.at = 0;
  return starts.map((start, i) => ({ id: start.id, text: lines.slice(start.at, starts[i + 1]?.at ?? lines.length).join('') }));
}

export function kindOf(path: string): KbDocumentKind {
  if (path.startsWith('entries/')) return 'entry';
  if (path.includes('#')) return 'figure';
  return 'file';
}

export function toDocuments(files: KbFile[]): KbDocument[] {
  const docs: KbDocument[] = [];
  for (const file of files) {
    const figures = isFigureFile(file.path) ? splitFigureFile(file.text) : [];
    if (figures.length > 0) figures.forEach((f, order) => docs.push({ path: `${file.path}#${f.id}`, kind: 'figure', text: f.text, order }));
    else docs.push({ path: file.path, kind: kindOf(file.path), text: file.text });
  }
  return docs;
}

export function toFiles(docs: KbDocument[]): KbFile[] {
  const byFile = new Map<string, KbDocument[]>();
  for (const doc of docs) {
    const file = doc.kind === 'figure' ? figurePath(doc.path).file : doc.path;
    byFile.set(file, [...(byFile.get(file) ?? []), doc]);
  }
  const files: KbFile[] = [];
  for (const [path, parts] of byFile) {
    parts.sort((a, b) => (a.order ?? 0) - (b.order ?? 0) || (a.path < b.path ? -1 : 1));
    // A figure's text ends with its line break; one written without keeps the file's YAML apart anyway.
    files.push({ path, text: parts.map((p, i) => (i < parts.length - 1 && !p.text.endsWith('\n') ? `${p.text}\n` : p.text)).join('') });
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
