/** Percentile of a sample, nearest-rank: the smallest value with at least p% of the sample at or below it. */
export function percentile(sample: number[], p: number): number {
  if (sample.length === 0) return Number.NaN;
  const sorted = [...sample].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function median(sample: number[]): number {
  return percentile(sample, 50);
}

/** `n` with `digits` decimals. */
export function fixed(n: number, digits = 2): string {
  return Number.isFinite(n) ? n.toFixed(digits) : "n/a";
}

/** `a / b` as `1.23x`. */
export function ratio(a: number, b: number): string {
  return `${fixed(a / b)}x`;
}
