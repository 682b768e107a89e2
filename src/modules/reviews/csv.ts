/**
 * RFC 4180 CSV: fields with a comma, quote or line break are quoted (quotes doubled); lines end in
 * CRLF. A text field starting with =, +, -, @, tab or CR is prefixed with ' so a spreadsheet does
 * not run it as a formula (CSV injection).
 */
export type Cell = string | number | boolean | null | undefined;

export function csvField(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}
