/**
 * A long message is mostly story ("em làm công ty may ở Bình Dương được 3 năm, tháng trước…") and one
 * or two sentences of question. Matched whole, the story's words pull towards entries about whatever
 * the story mentions; matched alone, the question loses the context that tells neighbouring entries
 * apart ("bao lâu" of what?). So a long message is matched both ways and each candidate's log-odds are
 * averaged: an entry must fit the question and the story. Short messages are matched once. Used by the
 * bot (understand.ts) and by the tuner (evaluation/run.ts), so that what is tuned is what runs.
 */
import type { Candidate, Matcher, MatchResult } from './matcher.js';
import { foldKey } from './normalise.js';
import { sigmoid } from './maths.js';

/** Words from which a message counts as long enough to have a story around its question. */
const LONG_MESSAGE_WORDS = 22;
const QUESTION = /\?|\b(khong|ko|hok|chua|bao nhieu|bn|bao lau|may (ngay|thang|nam|lan|tieng|%)|the nao|ntn|nhu nao|sao|ra sao|gi|j|khi nao|bao gio|o dau|co duoc|duoc khong|dc ko|duoc ko|co phai|phai khong|lam sao|tinh sao|co dung|dung khong|dung ko|how|what|when|where|which|can i|do i|is it|am i|should|must)\b/;

/** The question sentences of a message (folded), or undefined when it is short or all question. */
export function questionFocus(core: string): string | undefined {
  const folded = foldKey(core).replace(/\s+/g, ' ').trim();
  if (folded.split(' ').length < LONG_MESSAGE_WORDS) return undefined;
  const sentences = folded.match(/[^.!?;\n]+[.!?;\n]*/g)?.map((s) => s.trim()).filter(Boolean) ?? [];
  if (sentences.length < 2) return undefined;
  const questions = sentences.filter((s) => QUESTION.test(s));
  const chosen = questions.length > 0 ? questions.slice(-2) : sentences.slice(-1);
  const focus = chosen.join(' ');
  return focus.split(' ').length >= 3 && focus.length < folded.length * 0.8 ? focus : undefined;
}

/** Match a message: whole, and for a long one also its question, with the candidates' log-odds averaged. */
export function matchMessage(matcher: Matcher, core: string): MatchResult {
  const whole = matcher.match(core);
  const focus = questionFocus(core);
  if (!focus) return whole;
  const asked = matcher.match(focus);
  const floor = (list: Candidate[]) => Math.min(...list.map((c) => c.logit), 0) - 1;
  const wholeFloor = floor(whole.candidates);
  const askedFloor = floor(asked.candidates);
  const byId = new Map<string, { whole?: Candidate; asked?: Candidate }>();
  for (const c of whole.candidates) byId.set(c.entryId, { whole: c });
  for (const c of asked.candidates) byId.set(c.entryId, { ...byId.get(c.entryId), asked: c });
  const merged: Candidate[] = [...byId.values()].map(({ whole: w, asked: a }) => {
    const logit = ((w?.logit ?? wholeFloor) + (a?.logit ?? askedFloor)) / 2;
    // The features are the whole message's (what the answerability model was taught), else the question's.
    const base = (w ?? a)!;
    return { ...base, logit, score: sigmoid(logit) };
  });
  merged.sort((x, y) => y.logit - x.logit);
  const focusAgrees = whole.candidates[0] !== undefined && whole.candidates[0].entryId === asked.candidates[0]?.entryId;
  return { ...whole, candidates: merged.slice(0, Math.max(whole.candidates.length, 8)), focusAgrees };
}
