/**
 * Read the knowledge-base folder into memory and report every problem with its file and line.
 * Loading never throws for content problems: it returns them, and the caller decides
 * (kb:validate prints them; the server keeps the last good version).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { isMap, LineCounter, parseDocument, visit, type Document } from 'yaml';
import type { ZodError, ZodTypeAny } from 'zod';
import type { OrganisationConfig } from '../config.js';
import { foldKey, isUnaccented } from '../matching/normalise.js';
import { readKbFolder, type KbFile } from './files.js';
import { figureProblems } from './figures.js';
import { unsupportedNumbers } from './numbers.js';
import type { SituationList } from './types.js';
import { abbreviationsSchema, entrySchema, figureFileSchema, intentFileSchema, situationsSchema } from './schema.js';
import type { IntentExample } from '../matching/intent-classifier.js';
import { MissingFigureError, ORG_FIELDS, placeholdersIn, renderTemplate } from './template.js';
import type { Entry, Figure, KbProblem, KnowledgeBase } from './types.js';

export const ANSWER_MAX_CHARS = 600;
export const MORE_MAX_CHARS = 1000;

export interface LoadResult {
  kb: KnowledgeBase;
  problems: KbProblem[];
}

/** A file read without YAML problems: its value as plain data, and where its nodes are (parsed again on demand). */
class ParsedFile {
  private located: { doc: Document; lines: LineCounter } | undefined;
  constructor(
    readonly source: KbFile,
    readonly plain: unknown,
  ) {}
  get file(): string {
    return this.source.path;
  }
  /** The YAML document with its line counter, for saying on which line a problem is. */
  locate(): { doc: Document; lines: LineCounter } {
    this.located ??= parseYaml(this.source.text);
    return this.located;
  }
}

/** What reading one file gave: its YAML problems, or its value as plain data. */
type Reading = { problems: { line: number; message: string }[] } | { plain: unknown };

/**
 * Readings by text (a file's path changes nothing in its reading). Parsing the YAML is most of a load (~0.3 s of ~0.4 s for the shipped base, on
 * the thread that answers), and the console checks a whole knowledge base with a draft in it at every pause
 * in an editor's typing: with the readings kept, such a check parses one file. What is kept is the plain
 * value (~0.5 MB for the shipped base), not the YAML Document (~40 MB with its syntax tree): a file is
 * parsed again only to say on which line a problem is.
 */
const readings = new Map<string, Reading>();
/** Kept readings at most (the shipped base is ~260 files; each edit checked adds one). */
const MAX_READINGS = 2000;

function parseYaml(text: string): { doc: Document; lines: LineCounter } {
  const lines = new LineCounter();
  return { doc: parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true }), lines };
}

function read(text: string): Reading {
  const { doc, lines } = parseYaml(text);
  if (doc.errors.length > 0) return { problems: doc.errors.map((err) => ({ line: err.linePos?.[0]?.line ?? 1, message: `YAML: ${err.message.split('\n')[0]}` })) };
  try {
    // Aliases are resolved only here: one to a missing anchor, or a "billion laughs" of them, throws.
    return { plain: doc.toJS({ maxAliasCount: 100 }) };
  } catch (err) {
    return { problems: [{ line: firstAliasLine(doc, lines), message: `YAML: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}` }] };
  }
}

const isYaml = (file: KbFile) => /\.ya?ml$/.test(file.path);
/** The YAML files under a folder of the knowledge base ("figures", "entries", "intents"), in path order. */
function under(files: KbFile[], folder: string): KbFile[] {
  return files.filter((f) => f.path.startsWith(`${folder}/`) && isYaml(f)).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Line (1-based) of the node at a path, or of the nearest parent that exists. */
function lineOf(parsed: ParsedFile, pathParts: (string | number)[]): number {
  const { doc, lines } = parsed.locate();
  for (let n = pathParts.length; n >= 0; n--) {
    const node = doc.getIn(pathParts.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) {
      // For a missing child, point at the parent's key rather than its first character.
      return lines.linePos(node.range[0]).line;
    }
    if (n > 0) {
      const parent = doc.getIn(pathParts.slice(0, n - 1), true);
      if (isMap(parent)) {
        const pair = parent.items.find((p) => (p.key as { value?: unknown } | null)?.value === pathParts[n - 1]);
        const keyRange = (pair?.key as { range?: [number, number, number] } | null)?.range;
        if (keyRange) return lines.linePos(keyRange[0]).line;
      }
    }
  }
  return 1;
}

/** A text's reading, kept (see `readings`). */
function reading(text: string): Reading {
  let found = readings.get(text);
  if (!found) {
    if (readings.size >= MAX_READINGS) readings.clear();
    found = read(text);
    readings.set(text, found);
  }
  return found;
}

/**
 * A YAML text's value as plain data, or undefined when the text has YAML problems — from the same kept
 * readings as the loader (the console's editor reads every document's fields). The value is shared: do not
 * change it.
 */
export function readYaml(text: string): unknown {
  const found = reading(text);
  return 'plain' in found ? found.plain : undefined;
}

function parseFile(source: KbFile, problems: KbProblem[]): ParsedFile | undefined {
  const found = reading(source.text);
  if ('problems' in found) {
    for (const p of found.problems) problems.push({ file: source.path, ...p });
    return undefined;
  }
  return new ParsedFile(source, found.plain);
}

function zodProblems(parsed: ParsedFile, error: ZodError): KbProblem[] {
  return error.issues.map((issue) => ({
    file: parsed.file,
    line: lineOf(parsed, issue.path),
    message: `${issue.path.join('.') || '(file)'}: ${issue.message}`,
  }));
}

/** The line of the file's first alias (`*name`), where an alias problem is reported. */
function firstAliasLine(doc: Document, lines: LineCounter): number {
  let line = 1;
  visit(doc, {
    Alias(_key, node) {
      if (node.range) line = lines.linePos(node.range[0]).line;
      return visit.BREAK;
    },
  });
  return line;
}

function validate<S extends ZodTypeAny>(schema: S, parsed: ParsedFile, problems: KbProblem[]): S['_output'] | undefined {
  const result = schema.safeParse(parsed.plain);
  if (!result.success) {
    problems.push(...zodProblems(parsed, result.error));
    return undefined;
  }
  return result.data;
}

const EMPTY_ORG: OrganisationConfig = { name: 'x', hotline: 'x', address: 'x', officeHours: 'x', pageUrl: 'x' };

export interface LoadOptions {
  /** Day to check that every figure an answer uses has a value (YYYY-MM-DD). */
  day: string;
}

/** Load the knowledge-base folder `root` (what kb:validate and the tests read). */
export function loadKnowledgeBase(root: string, options: LoadOptions): LoadResult {
  const result = loadKnowledgeBaseFiles(readKbFolder(root), options);
  if (!fs.existsSync(root)) result.problems.unshift({ file: root, line: 1, message: 'knowledge-base folder not found' });
  return result;
}

/**
 * Load the knowledge base from its files — read from a folder, or put together from the store's published
 * revisions (documents.ts) — and report every problem with its file and line.
 */
export function loadKnowledgeBaseFiles(all: KbFile[], options: LoadOptions): LoadResult {
  const problems: KbProblem[] = [];
  const hash = createHash('sha256');
  const byPath = new Map(all.map((f) => [f.path, f]));
  const abbreviationsFile = byPath.get('abbreviations.yaml');
  const situationsFile = byPath.get('situations.yaml');
  const files = [...under(all, 'figures'), ...under(all, 'entries'), ...under(all, 'intents')];
  if (abbreviationsFile) files.push(abbreviationsFile);
  if (situationsFile) files.push(situationsFile);
  // The version: a hash of the files that make the answers (not the README or the changelog).
  for (const f of files) hash.update(f.path).update('\0').update(f.text).update('\0');

  // Figures
  const figures = new Map<string, Figure>();
  const figureParsed = new Map<string, ParsedFile>();
  for (const source of under(all, 'figures')) {
    const parsed = parseFile(source, problems);
    if (!parsed) continue;
    const data = validate(figureFileSchema, parsed, problems);
    if (!data) continue;
    for (const [id, fig] of Object.entries(data)) {
      if (figures.has(id)) {
        problems.push({ file: parsed.file, line: lineOf(parsed, [id]), message: `figure "${id}" is already defined in ${figures.get(id)!.file}` });
        continue;
      }
      const figure: Figure = { id, label: fig.label, unit: fig.unit, values: fig.values, file: parsed.file };
      for (const p of figureProblems(figure)) problems.push({ file: parsed.file, line: lineOf(parsed, [id, 'values']), message: `figure "${id}": ${p}` });
      figures.set(id, figure);
      figureParsed.set(id, parsed);
    }
  }

  // Abbreviations
  const abbreviations = new Map<string, string>();
  if (abbreviationsFile) {
    const parsed = parseFile(abbreviationsFile, problems);
    const data = parsed ? validate(abbreviationsSchema, parsed, problems) : undefined;
    if (data) for (const [k, v] of Object.entries(data)) abbreviations.set(foldKey(k), foldKey(v));
  }

  // Intent examples
  const intentExamples: IntentExample[] = [];
  for (const source of under(all, 'intents')) {
    const parsed = parseFile(source, problems);
    const data = parsed ? validate(intentFileSchema, parsed, problems) : undefined;
    if (data) for (const text of data.examples) intentExamples.push({ intent: data.intent, text });
  }

  // Situations: which entries are written for one side of a worker's story
  const situations = new Map<SituationList, string[]>();
  let situationsParsed: ParsedFile | undefined;
  if (situationsFile) {
    situationsParsed = parseFile(situationsFile, problems);
    const data = situationsParsed ? validate(situationsSchema, situationsParsed, problems) : undefined;
    if (data) for (const [k, ids] of Object.entries(data)) situations.set(k as SituationList, ids);
  }

  // Entries
  const entries: Entry[] = [];
  const byId = new Map<string, Entry>();
  const entryParsed = new Map<string, ParsedFile>();
  for (const source of under(all, 'entries')) {
    const parsed = parseFile(source, problems);
    if (!parsed) continue;
    const data = validate(entrySchema, parsed, problems);
    if (!data) continue;
    const at = (p: (string | number)[]) => lineOf(parsed, p);
    const problem = (p: (string | number)[], message: string) => problems.push({ file: parsed.file, line: at(p), message });
    const expectedId = path.posix.basename(source.path).replace(/\.ya?ml$/, '');
    if (data.id !== expectedId) problem(['id'], `id "${data.id}" must equal the file name "${expectedId}"`);
    if (byId.has(data.id)) {
      problem(['id'], `id "${data.id}" is already used by ${byId.get(data.id)!.file}`);
      continue;
    }
    const entry: Entry = {
      id: data.id,
      topic: data.topic,
      title: data.title,
      status: data.status,
      lastChecked: data.last_checked,
      phrasings: data.phrasings,
      answer: data.answer.trim(),
      ...(data.more ? { more: data.more.trim() } : {}),
      citations: data.citations.map((c) => ({
        law: c.law,
        status: c.status,
        ...(c.article ? { article: c.article } : {}),
        ...(c.clause ? { clause: c.clause } : {}),
        ...(c.point ? { point: c.point } : {}),
        ...(c.quote ? { quote: c.quote } : {}),
        ...(c.recheck ? { recheck: c.recheck } : {}),
      })),
      ...(data.effective ? { effective: data.effective } : {}),
      related: data.related,
      personalNote: data.personal_note,
      ...(data.applies_to ? { appliesTo: data.applies_to } : {}),
      ...(data.en ? { en: data.en } : {}),
      ...(data.review_note ? { reviewNote: data.review_note } : {}),
      file: parsed.file,
    };
    entries.push(entry);
    byId.set(entry.id, entry);
    entryParsed.set(entry.id, parsed);
  }

  // Cross-entry and content checks
  for (const entry of entries) {
    const parsed = entryParsed.get(entry.id)!;
    const problem = (p: (string | number)[], message: string) => problems.push({ file: parsed.file, line: lineOf(parsed, p), message });
    entry.related.forEach((rel, i) => {
      if (!byId.has(rel)) problem(['related', i], `related entry "${rel}" does not exist`);
      if (rel === entry.id) problem(['related', i], 'an entry cannot be related to itself');
    });
    const texts: [string, string | undefined][] = [
      ['answer', entry.answer], ['more', entry.more], ['en.answer', entry.en?.answer], ['en.more', entry.en?.more],
    ];
    for (const [field, template] of texts) {
      if (!template) continue;
      const fieldPath = field.split('.');
      for (const p of placeholdersIn(template)) {
        if (p.kind === 'org' && !(p.id in ORG_FIELDS)) problem(fieldPath, `unknown organisation field {{org.${p.id}}} (known: ${Object.keys(ORG_FIELDS).join(', ')})`);
        if (p.kind === 'figure' && !figures.has(p.id)) problem(fieldPath, `unknown figure {{${p.id}}}`);
        if (p.kind === 'figure' && p.field && p.field !== 'source') problem(fieldPath, `unknown figure field {{${p.id}.${p.field}}} (only .source)`);
      }
      if (entry.status !== 'published') continue;
      const unsupported = unsupportedNumbers(template, entry.citations);
      if (unsupported.length > 0) {
        problem(fieldPath, `${field} has numbers that no citation of this entry supports and that are not {{figures}}: ${unsupported.join(', ')}`);
      }
      const inForce = isInForce(entry, options.day);
      if (!inForce) continue;
      try {
        const rendered = renderTemplate(template, { day: options.day, figures, organisation: EMPTY_ORG, locale: field.startsWith('en') ? 'en' : 'vi' });
        const max = field.endsWith('more') ? MORE_MAX_CHARS : ANSWER_MAX_CHARS;
        if (rendered.length > max) problem(fieldPath, `${field} is ${rendered.length} characters on ${options.day}; at most ${max}`);
      } catch (err) {
        if (err instanceof MissingFigureError) problem(fieldPath, `${err.message}`);
        else throw err;
      }
    }
    if (entry.status === 'published') {
      const plain = entry.phrasings.filter(isUnaccented);
      if (entry.phrasings.length < 10) problem(['phrasings'], `a published entry needs at least 10 phrasings (has ${entry.phrasings.length})`);
      else if (plain.length < 2) problem(['phrasings'], `at least 2 phrasings must be written without diacritics, as workers often type (has ${plain.length})`);
    }
  }

  if (situationsParsed) {
    for (const [list, ids] of situations) {
      ids.forEach((id, i) => {
        if (!byId.has(id)) problems.push({ file: situationsParsed!.file, line: lineOf(situationsParsed!, [list, i]), message: `situations: "${id}" is not an entry id` });
      });
    }
  }

  return {
    kb: { entries, byId, figures, abbreviations, intentExamples, situations, version: hash.digest('hex').slice(0, 12), loadedAt: new Date().toISOString() },
    problems,
  };
}

export function isInForce(entry: Entry, day: string): boolean {
  const { from, until } = entry.effective ?? {};
  return (from === undefined || from <= day) && (until === undefined || day <= until);
}

/** Entries the bot may answer with on a day. */
export function servableEntries(kb: KnowledgeBase, day: string): Entry[] {
  return kb.entries.filter((e) => e.status === 'published' && isInForce(e, day));
}
