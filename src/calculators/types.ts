/**
 * What every calculator returns, and how it refuses. A result carries the law's formula with the worker's
 * own numbers in it, the inputs it used, the articles, and the day whose figures it used — so a worker (or a
 * union officer) can check it by hand, and nothing is a black box.
 */
import type { Figure } from '../knowledge-base/types.js';

export interface LawCitation {
  /** The instrument, as the knowledge base names it, e.g. "Bộ luật Lao động 45/2019/QH14". */
  law: string;
  /** The article number ("46"); a clause or point follows it when it narrows the rule ("46 khoản 3"). */
  article: string;
}

export type InputValue = number | string | boolean;

export interface CalculationResult {
  /** The amount (VND), or the number of days, months or the age in months — see `unit`. */
  amount: number;
  unit: string;
  /** Vietnamese, with the worker's numbers: the formula as the law states it, then the sum. */
  formula: string;
  /** The inputs, after parsing, as the formula used them. */
  inputs: Record<string, InputValue>;
  citations: LawCitation[];
  /** The day (YYYY-MM-DD) whose figures were used (or the day asked, when no figure is needed). */
  asOf: string;
  /** How many months the benefit or leave lasts (unemployment benefit, maternity leave). */
  months?: number;
  /** The first day of the benefit (unemployment: the 11th working day after filing; retirement: the first pension day). */
  firstDay?: string;
  /** The last day to file a claim. */
  fileBy?: string;
  /** Retirement: the day the worker retires (the end of the month the age is reached). */
  date?: string;
}

/** The figures table (knowledge-base/figures/*.yaml, as loaded): values by id, each with its dates. */
export type Figures = Map<string, Figure>;

/**
 * A calculator cannot compute this: a missing or impossible input, or a case the law it implements does not
 * cover. `input` names the input at fault (camelCase) so a dialog can ask for it again.
 */
export class CalculatorInputError extends Error {
  override name = 'CalculatorInputError';
  constructor(
    message: string,
    readonly input?: string,
  ) {
    super(message);
  }
}
