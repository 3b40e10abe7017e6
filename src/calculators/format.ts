/** How numbers and dates read in a formula: Vietnamese grouping (5.310.000 đồng), dd/mm/yyyy. */
import { formatFigure } from '../knowledge-base/figures.js';

/** 5310000 → "5.310.000"; 8500000.5 → "8.500.001" (money is shown in whole đồng). */
export function vnd(amount: number): string {
  return formatFigure(Math.round(amount));
}

/** 0.5 → "0,5"; 12 → "12"; 7.333333 → "7,33" (at most two decimals). */
export function num(value: number): string {
  return formatFigure(Math.round(value * 100) / 100);
}

/** "2026-03-15" → "15/03/2026". */
export function viDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

/** 63 → "5 năm 3 tháng"; 12 → "1 năm"; 5 → "5 tháng"; 0 → "0 tháng". */
export function yearsMonths(months: number): string {
  const years = Math.floor(months / 12);
  const rest = Math.round((months - years * 12) * 100) / 100;
  if (years === 0) return `${formatFigure(rest)} tháng`;
  return rest === 0 ? `${years} năm` : `${years} năm ${formatFigure(rest)} tháng`;
}

/** 738 → "61 tuổi 6 tháng"; 744 → "62 tuổi". */
export function age(months: number): string {
  const years = Math.floor(months / 12);
  const rest = months % 12;
  return rest === 0 ? `${years} tuổi` : `${years} tuổi ${rest} tháng`;
}
