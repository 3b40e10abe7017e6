/**
 * `npm run --silent ask -- --json "câu hỏi"` — one JSON object:
 *   {"outcome", "entryId", "confidence", "language", "reason"?, "parts"?, "text", "options": [{"entryId","title"}], "citations": [...]}
 *   "language": vi | en (the message's); "reason" on hand-offs: asked | urgent | personal_record | unsure | complaint;
 *   "parts": [{"entryId", "text"}] when a message with two questions is answered in two parts.
 * `npm run --silent ask -- --jsonl < file` — one question per line in, one JSON object per line out, in order.
 * Without --json/--jsonl it prints what the worker would see. Needs no server or database; uses KB_DIR.
 * --date YYYY-MM-DD answers as on that day (default BOT_CLOCK, else today); --lang en for English.
 */
import readline from 'node:readline';
import { frozenClock, systemClock } from '../clock.js';
import { loadConfig } from '../config.js';
import { ConversationCore, newConversationState, type TurnResult } from '../conversation/respond.js';
import { KnowledgeBaseLoadError, KnowledgeBaseProvider } from '../knowledge-base/provider.js';
import { setLogLevel } from '../log.js';
import { parseCommandLine } from './args.js';

const USAGE = 'usage: npm run --silent ask -- [--json] [--date YYYY-MM-DD] [--lang en] "câu hỏi"\n       npm run --silent ask -- --jsonl < questions.txt';
const { values: flags, positionals } = parseCommandLine('ask', USAGE, {
  options: { json: { type: 'boolean' }, jsonl: { type: 'boolean' }, date: { type: 'string' }, lang: { type: 'string' } },
  allowPositionals: true,
});

setLogLevel('error');
const config = loadConfig();
const date = flags.date ?? config.clock;
const clock = date ? frozenClock(date) : systemClock;
const locale = flags.lang === 'en' ? 'en' : config.defaultLocale;

let kb: KnowledgeBaseProvider;
try {
  kb = KnowledgeBaseProvider.load(config.kbDir, clock);
} catch (err) {
  if (err instanceof KnowledgeBaseLoadError) {
    for (const p of err.problems) process.stderr.write(`${p.file}:${p.line}: ${p.message}\n`);
    process.stderr.write('knowledge base has problems; run npm run kb:validate\n');
    process.exit(2);
  }
  throw err;
}
const core = new ConversationCore(kb, config, clock);

/** Each question is asked as the first message of a returning worker (no greeting), with no history. */
function ask(question: string): TurnResult {
  const state = { ...newConversationState('cli', 'ask', locale), greeted: true };
  return core.respond(state, { channel: 'cli', userId: 'ask', text: question, locale }).result;
}

function toJson(r: TurnResult): string {
  return JSON.stringify({
    outcome: r.outcome,
    entryId: r.entryId ?? null,
    confidence: Number(r.confidence.toFixed(4)),
    language: r.language,
    ...(r.reason ? { reason: r.reason } : {}),
    ...(r.parts ? { parts: r.parts } : {}),
    text: r.messages.map((m) => m.text).join('\n\n'),
    options: r.options,
    citations: r.citations,
  });
}

if (flags.jsonl) {
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of rl) process.stdout.write(`${toJson(ask(line))}\n`);
} else {
  const question = positionals.join(' ').trim();
  if (!question) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(2);
  }
  const result = ask(question);
  if (flags.json) process.stdout.write(`${toJson(result)}\n`);
  else {
    process.stdout.write(`${result.messages.map((m) => m.text).join('\n\n')}\n`);
    const replies = result.messages.at(-1)?.quickReplies ?? [];
    if (replies.length) process.stdout.write(`[${replies.map((q) => q.title).join('] [')}]\n`);
    process.stdout.write(`(${result.outcome}${result.entryId ? ` ${result.entryId}` : ''}, confidence ${result.confidence.toFixed(2)})\n`);
  }
}
