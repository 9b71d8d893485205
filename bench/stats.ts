/** Timing helpers: warm-up, then the median of N runs with min and max. */

export interface Timing {
  medianMs: number;
  minMs: number;
  maxMs: number;
  runs: number;
}

export function summarize(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    medianMs: round(median),
    minMs: round(sorted[0]),
    maxMs: round(sorted[sorted.length - 1]),
    runs: sorted.length,
  };
}

/** Runs `step` `warmup` times untimed, then `runs` times timed (each run awaited to completion). */
export async function measure(step: () => Promise<unknown>, runs: number, warmup = 2): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await step();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await step();
    samples.push(performance.now() - start);
  }
  return summarize(samples);
}
