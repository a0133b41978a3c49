/**
 * Median wall time of `runs` calls after a warm-up, so one GC pause on a busy machine does not decide a test.
 * Tests compare it with a baseline measured in the same run, never with a fixed budget.
 */
export function medianMs(fn: () => unknown, runs = 9): number {
  for (let i = 0; i < 3; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(runs / 2)]!;
}
