/** Latency summaries. Latencies are in milliseconds. */
export interface LatencySummary {
  count: number;
  mean: number;
  p50: number;
  p99: number;
  max: number;
}

export function summarize(latencies: Float64Array): LatencySummary {
  const sorted = Float64Array.from(latencies).sort();
  const n = sorted.length;
  const at = (p: number) => sorted[Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1))];
  let sum = 0;
  for (const v of sorted) sum += v;
  return { count: n, mean: sum / n, p50: at(50), p99: at(99), max: sorted[n - 1] };
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export const fmt = {
  int: (v: number) => Math.round(v).toLocaleString('en-US'),
  ms: (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)),
  pct: (v: number) => `${(v * 100).toFixed(0)}%`,
  pct1: (v: number) => `${(v * 100).toFixed(1)}%`,
  us: (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(1)),
};

/** A Markdown table (also readable on a terminal). */
export function table(head: string[], rows: (string | number)[][], align?: ('l' | 'r')[]): string {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const widths = head.map((_, i) => Math.max(3, ...cells.map((r) => r[i].length)));
  const pad = (s: string, i: number) => ((align?.[i] ?? 'l') === 'r' ? s.padStart(widths[i]) : s.padEnd(widths[i]));
  const line = (r: string[]) => `| ${r.map(pad).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => ((align?.[i] ?? 'l') === 'r' ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  return [line(cells[0]), rule, ...cells.slice(1).map(line)].join('\n');
}
