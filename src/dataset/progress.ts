/** Progress figures for a run over many images: rate and time left from what is done so far. */

export interface ProgressStats {
  done: number;
  total: number;
  /** Images per second since the start (0 before the first one). */
  imagesPerSecond: number;
  /** Estimated seconds left, or null before the rate is known. */
  secondsLeft: number | null;
}

export function progressStats(done: number, total: number, elapsedMs: number): ProgressStats {
  const imagesPerSecond = done > 0 && elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  const secondsLeft = imagesPerSecond > 0 ? Math.max(0, total - done) / imagesPerSecond : null;
  return { done, total, imagesPerSecond, secondsLeft };
}

/** "1:05", "12:00:03", "-" for unknown. */
export function formatDuration(seconds: number | null): string {
  if (seconds == null || !Number.isFinite(seconds)) return '-';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
