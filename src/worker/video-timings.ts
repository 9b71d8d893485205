/**
 * Where a worker analysis of a video file spends its time, per frame (plain data: the page imports
 * it). Summed over the batches in the worker, averaged over the frames at the end.
 */

export interface AnalysisTimings {
  /** Frames explained. */
  frames: number;
  /** Compute waiting for the next batch's frames (decoded and converted to RGB in the decode worker; opening the file included). */
  decode: number;
  /** Waiting for the engine's call queue (another call in front). */
  queue: number;
  /** The frames' RGB bytes to the model's preprocessed input tensors. */
  convert: number;
  /** The batch's forward pass and its predictions' read-back. */
  forward: number;
  /** The batched low-resolution maps and their read-back. */
  map: number;
  /** Sending the results to the page. */
  transfer: number;
  /** The whole call (opening the file and the first decodes included). */
  total: number;
}

export type TimingPart = Exclude<keyof AnalysisTimings, 'frames' | 'total'>;

/** The whole-file analysis call's answer: results sent (each through onResult) and the timings. */
export interface AnalyseFileAnswer {
  sent: number;
  timingsMs: AnalysisTimings;
}

/** Sums the parts' milliseconds; `perFrame` averages them over the frames. */
export function timingSums() {
  const sums: AnalysisTimings = {
    frames: 0,
    decode: 0,
    queue: 0,
    convert: 0,
    forward: 0,
    map: 0,
    transfer: 0,
    total: 0,
  };
  return {
    add(part: TimingPart, ms: number): void {
      sums[part] += ms;
    },
    /** Times `job` into `part`. */
    async time<T>(part: TimingPart, job: () => Promise<T> | T): Promise<T> {
      const start = performance.now();
      try {
        return await job();
      } finally {
        sums[part] += performance.now() - start;
      }
    },
    perFrame(frames: number, totalMs: number): AnalysisTimings {
      const n = Math.max(1, frames);
      const round = (ms: number) => Math.round((ms / n) * 100) / 100;
      return {
        frames,
        decode: round(sums.decode),
        queue: round(sums.queue),
        convert: round(sums.convert),
        forward: round(sums.forward),
        map: round(sums.map),
        transfer: round(sums.transfer),
        total: round(totalMs),
      };
    },
  };
}

export type TimingSums = ReturnType<typeof timingSums>;
