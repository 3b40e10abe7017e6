/** Figures that change over time: pick the value in force on a given day, and format it for a worker. */
import type { Figure, FigureValue } from './types.js';

export function valueOn(figure: Figure, day: string): FigureValue | undefined {
  return figure.values.find((v) => v.from <= day && (v.until === undefined || day <= v.until));
}

/** 5310000 → "5.310.000" (Vietnamese grouping); 0.5 → "0,5". Text values are returned as they are. */
export function formatFigure(value: number | string, locale: 'vi' | 'en' = 'vi'): string {
  if (typeof value === 'string') return value;
  const [whole, fraction] = String(value).split('.');
  const sep = locale === 'vi' ? '.' : ',';
  const grouped = (whole ?? '').replace(/\B(?=(\d{3})+(?!\d))/g, sep);
  return fraction ? `${grouped}${locale === 'vi' ? ',' : '.'}${fraction}` : grouped;
}

/** Problems with one figure's list of values: order, overlaps, dates. */
export function figureProblems(figure: Figure): string[] {
  const problems: string[] = [];
  const sorted = [...figure.values].sort((a, b) => a.from.localeCompare(b.from));
  sorted.forEach((v, i) => {
    if (v.until !== undefined && v.until < v.from) problems.push(`value ${v.value}: "until" ${v.until} is before "from" ${v.from}`);
    const next = sorted[i + 1];
    if (next) {
      if (v.until === undefined) problems.push(`value ${v.value} from ${v.from} has no "until" but a later value starts ${next.from}`);
      else if (v.until >= next.from) problems.push(`value ${v.value} (until ${v.until}) overlaps value ${next.value} (from ${next.from})`);
    }
  });
  return problems;
}
