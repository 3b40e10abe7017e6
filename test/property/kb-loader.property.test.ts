/**
 * The knowledge-base loader (src/knowledge-base/load.ts) under random damage to the fixture's files
 * (fast-check): a line deleted, duplicated, re-indented or tabbed, a value replaced by any YAML scalar,
 * sequence or map, a line inserted, the file truncated, random bytes and invalid UTF-8. Whatever the
 * damage, loading returns — the knowledge base, or problems each with a file and a line — and never
 * throws; KnowledgeBaseProvider.load either serves it or throws KnowledgeBaseLoadError with those problems.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import fc from 'fast-check';
import { loadKnowledgeBase } from '../../src/knowledge-base/load.js';
import { KnowledgeBaseLoadError, KnowledgeBaseProvider } from '../../src/knowledge-base/provider.js';
import { frozenClock } from '../../src/clock.js';
import { FIXTURE_KB } from '../helpers/paths.js';
import { tempDir } from '../helpers/setup.js';
import { anyText, hugeText, junk } from './arbitraries.js';

const DAY = '2026-11-26';
const FILES = [
  'entries/wages/luong-toi-thieu.yaml',
  'entries/leave/nghi-phep-nam.yaml',
  'entries/leave/nghi-thai-san.yaml',
  'figures/wage.yaml',
  'abbreviations.yaml',
];

/** YAML a hand might type where a value goes: scalars of every tag, flow collections, broken quotes, block indicators, any JSON. */
const yamlValue = fc.oneof(
  fc.constantFrom(
    ...['', '~', 'null', '[]', '{}', '[1, 2', '{a: 1', '"unterminated', "'x", '|', '>-', '- x', '? x', '@x', '`x', '%x', '#', ': x', 'a: b: c'],
    ...['!!binary AAAA', '!custom x', '!!int abc', '!!float x', '!!str', '!!map []', '!!set {a, b}', '!!omap [a: 1]', '&anchor x'],
    ...['2026-13-45', '2026-02-30', '0x1F', '0o17', '.nan', '.inf', '-.inf', '1e999', '-0', 'yes', 'no', 'on', '9007199254740993'],
    ...['{{min_wage_region_1_monthly}}', '{{org.hotline}}', '{{x.y.z}}', '{{', 'Điều 113', '"\\u0000"', '"\\x"', '"\\ud800"'],
  ),
  junk.map((v) => JSON.stringify(v) ?? 'null'), // JSON is YAML flow
  anyText,
  hugeText(2000),
);
/** A whole line to insert: a key with a value, a list item, a stray indentation, random text. */
const yamlLine = fc.oneof(
  fc
    .tuple(fc.constantFrom('id', 'topic', 'title', 'status', 'last_checked', 'phrasings', 'answer', 'more', 'citations', 'related', 'en', 'x'), yamlValue)
    .map(([k, v]) => `${k}: ${v}`),
  yamlValue.map((v) => `  - ${v}`),
  fc.tuple(fc.constantFrom('', ' ', '  ', '\t', ' \t '), anyText).map(([indent, t]) => `${indent}${t}`),
);

type Mutation =
  | { kind: 'delete line' | 'duplicate line' | 'tab indent' | 'truncate'; at: number }
  | { kind: 'indent'; at: number; by: number }
  | { kind: 'replace value' | 'insert line'; at: number; text: string }
  | { kind: 'bytes'; at: number; bytes: number[] }
  | { kind: 'random file'; bytes: number[] };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constantFrom('delete line' as const, 'duplicate line' as const, 'tab indent' as const, 'truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('indent' as const), at: fc.nat(), by: fc.integer({ min: -4, max: 4 }) }),
  fc.record({ kind: fc.constant('replace value' as const), at: fc.nat(), text: yamlValue }),
  fc.record({ kind: fc.constant('insert line' as const), at: fc.nat(), text: yamlLine }),
  // Bytes that are often not UTF-8 (0x80-0xff alone, overlong forms, a cut multi-byte character).
  fc.record({
    kind: fc.constant('bytes' as const),
    at: fc.nat(),
    bytes: fc.array(fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0xc0, 0xe1, 0xff, 0x80, 0x09, 0x0d)), { minLength: 1, maxLength: 8 }),
  }),
  fc.record({ kind: fc.constant('random file' as const), bytes: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 200 }) }),
);

/** Apply to the file's bytes (one latin1 character per byte, so bytes and lines mix; text is written as UTF-8). */
function apply(content: Buffer, m: Mutation): Buffer {
  const utf8 = (s: string) => Buffer.from(s, 'utf8').toString('latin1');
  const text = content.toString('latin1');
  const lines = text.split('\n');
  const line = (at: number) => at % Math.max(1, lines.length);
  switch (m.kind) {
    case 'delete line':
      lines.splice(line(m.at), 1);
      break;
    case 'duplicate line':
      lines.splice(line(m.at), 0, lines[line(m.at)] ?? '');
      break;
    case 'tab indent':
      lines[line(m.at)] = (lines[line(m.at)] ?? '').replace(/^ {0,2}/, '\t');
      break;
    case 'indent': {
      const l = lines[line(m.at)] ?? '';
      lines[line(m.at)] = m.by >= 0 ? `${' '.repeat(m.by)}${l}` : l.replace(new RegExp(`^ {0,${-m.by}}`), '');
      break;
    }
    case 'replace value': {
      const l = lines[line(m.at)] ?? '';
      const colon = l.indexOf(': ');
      const dash = l.match(/^\s*- /)?.[0].length;
      lines[line(m.at)] = colon >= 0 ? `${l.slice(0, colon + 2)}${utf8(m.text)}` : dash ? `${l.slice(0, dash)}${utf8(m.text)}` : utf8(m.text);
      break;
    }
    case 'insert line':
      lines.splice(line(m.at), 0, utf8(m.text));
      break;
    case 'truncate':
      return content.subarray(0, m.at % (content.length + 1));
    case 'bytes': {
      const at = m.at % (content.length + 1);
      return Buffer.concat([content.subarray(0, at), Buffer.from(m.bytes), content.subarray(at)]);
    }
    case 'random file':
      return Buffer.from(m.bytes);
  }
  return Buffer.from(lines.join('\n'), 'latin1');
}

describe('property: the knowledge-base loader under damaged files', function () {
  this.timeout(60_000);
  const dir = tempDir('kb-prop-');
  fs.cpSync(FIXTURE_KB, dir, { recursive: true });
  const originals = new Map(FILES.map((f) => [f, fs.readFileSync(path.join(dir, f))]));
  const restore = () => {
    for (const [f, content] of originals) fs.writeFileSync(path.join(dir, f), content);
  };
  afterEach(restore);

  /** The file's bytes after the mutations, one after the other. */
  const damage = (file: string, mutations: Mutation[]) => mutations.reduce(apply, originals.get(file)!);
  /** No alias can be in it (the last test's business: a failure there would hide everything else). */
  const noAlias = (damaged: Buffer) => !damaged.includes(0x2a);

  /** Write the damaged file, load, check what every load promises. */
  function loadDamaged(file: string, damaged: Buffer) {
    restore();
    fs.writeFileSync(path.join(dir, file), damaged);
    const started = performance.now();
    const { kb, problems } = loadKnowledgeBase(dir, { day: DAY });
    expect(performance.now() - started, 'one load').to.be.below(5000);
    const lineCounts = new Map(FILES.map((f) => [f, fs.readFileSync(path.join(dir, f)).toString('utf8').split('\n').length]));
    for (const p of problems) {
      expect(p.file, JSON.stringify(p)).to.be.a('string').that.is.not.empty;
      expect(Number.isInteger(p.line) && p.line >= 1, `line of ${JSON.stringify(p)}`).to.equal(true);
      if (lineCounts.has(p.file)) expect(p.line, `a line inside ${p.file}: ${JSON.stringify(p)}`).to.be.at.most(lineCounts.get(p.file)! + 1);
      expect(p.message).to.be.a('string').that.is.not.empty;
    }
    return { kb, problems };
  }

  it('any damage without a YAML alias: loads, or reports problems each with a file and a line — never throws', () =>
    fc.assert(
      fc.property(fc.constantFrom(...FILES), fc.array(mutation, { minLength: 1, maxLength: 3 }), (file, mutations) => {
        const damaged = damage(file, mutations);
        fc.pre(noAlias(damaged));
        const { kb, problems } = loadDamaged(file, damaged);
        if (problems.length === 0) expect(kb.entries.length + kb.figures.size).to.be.above(0);
      }),
      { numRuns: 200 },
    ));

  it('KnowledgeBaseProvider.load serves what loads without problems and throws only KnowledgeBaseLoadError otherwise', () =>
    fc.assert(
      fc.property(fc.constantFrom(...FILES), fc.array(mutation, { minLength: 1, maxLength: 2 }), (file, mutations) => {
        const damaged = damage(file, mutations);
        fc.pre(noAlias(damaged));
        const { problems } = loadDamaged(file, damaged);
        try {
          const provider = KnowledgeBaseProvider.load(dir, frozenClock(DAY));
          expect(problems, 'served although the loader reported problems').to.deep.equal([]);
          expect(provider.current().matcher.entries.length).to.be.at.least(0);
          provider.close();
        } catch (err) {
          expect(err, String(err)).to.be.instanceOf(KnowledgeBaseLoadError);
          expect((err as KnowledgeBaseLoadError).problems).to.deep.equal(problems);
        }
      }),
      { numRuns: 60 },
    ));

  it('a YAML alias to a missing anchor, or an alias bomb, is a problem with a file and a line, not an exception', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      ...'bcdefg'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefg'[i]}`).join(', ')}]`),
    ].join('\n');
    const alias = fc.oneof(
      fc.constantFrom('*nope', '[*nope]', '{a: *nope}', '*'),
      fc.stringMatching(/^[a-z]{1,8}$/).map((name) => `*${name}`),
    );
    return fc.assert(
      fc.property(
        fc.constantFrom(...FILES),
        fc.oneof(
          alias.map((text): Mutation => ({ kind: 'replace value', at: 1, text })),
          fc.nat().map((at): Mutation => ({ kind: 'insert line', at, text: bomb })),
        ),
        (file, m) => {
          const { problems } = loadDamaged(file, damage(file, [m]));
          expect(problems.some((p) => p.file === file)).to.equal(true);
        },
      ),
      { numRuns: 30 },
    );
  });
});
