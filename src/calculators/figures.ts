/**
 * Figures that change (minimum wages, the base salary) come from the dated figures table, for the day the
 * law says — never from a constant here. A missing value is the knowledge base's MissingFigureError.
 */
import { valueOn } from '../knowledge-base/figures.js';
import { MissingFigureError } from '../knowledge-base/template.js';
import type { Figures, LawCitation } from './types.js';

export interface FigureUsed {
  id: string;
  value: number;
  /** Where the value comes from, as the table cites it ("Nghị định 293/2025/NĐ-CP, Điều 3 khoản 1"). */
  source: string;
}

/** The numeric value of a figure in force on a day. */
export function figureOn(figures: Figures, id: string, day: string): FigureUsed {
  const figure = figures.get(id);
  const v = figure ? valueOn(figure, day) : undefined;
  if (!v || typeof v.value !== 'number') throw new MissingFigureError(id, day);
  return { id, value: v.value, source: v.source };
}

/** "Nghị định 293/2025/NĐ-CP, Điều 3 khoản 1" → { law: "Nghị định 293/2025/NĐ-CP", article: "3 khoản 1" }. */
export function citationOfSource(source: string): LawCitation | undefined {
  const m = /^(.+?), Điều (\d+[^(;]*?)\s*(?:\(|;|$)/.exec(source);
  return m ? { law: m[1]!.trim(), article: m[2]!.trim() } : undefined;
}
