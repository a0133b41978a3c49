/** Percentile of a sample (nearest-rank). */
export function percentile(sample: number[], p: number): number {
  if (sample.length === 0) return Number.NaN;
  const sorted = [...sample].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function ms(n: number): string {
  return `${n.toFixed(2)} ms`;
}

export function median(sample: number[]): number {
  return percentile(sample, 50);
}
