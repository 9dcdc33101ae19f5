import type { CellValue } from './reader.ts';

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/**
 * A cell as the text an import checks: dates as YYYY-MM-DD (the date the cell shows), whole
 * numbers without decimals (an 18-digit number is already damaged by Excel, which keeps 15
 * digits: the rules then say so), truth values as 是/否, text trimmed.
 */
export function cellText(value: CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return Number.isInteger(value) ? value.toFixed(0) : String(value);
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (Number.isNaN(value.getTime())) return '';
  return `${String(value.getUTCFullYear()).padStart(4, '0')}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
}
