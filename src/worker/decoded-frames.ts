/**
 * A file's sampled frames at the model's input size (its input values where its preprocessing is one
 * affine map per channel, else RGB bytes), in time order: from a decode worker
 * (video-decode.worker.ts, started when the video file mode is shown, or else by the first analysis,
 * and kept for the next: its start, loading and compiling its chunk, is paid once), which decodes and converts ahead while this thread computes; in
 * this thread where a worker cannot start one.
 */
import type { ChannelAffine } from '../gradcam/preprocessing/affine';
import { frameValues } from './frame-rgb';
import type { DecodedSample, FromDecoder, ToDecoder } from './video-decode-protocol';

/** Frames the decode worker may hold ready beyond those taken (two batches of 8). */
const AHEAD = 16;

async function* inThisThread(
  file: Blob,
  times: number[],
  inputSize: [number, number],
  affine: ChannelAffine | null,
): AsyncGenerator<DecodedSample> {
  const { framesAt } = await import('./video-decode');
  for await (const { time, frame } of framesAt(file, times)) {
    yield { time, pixels: await frameValues(frame, inputSize, affine) };
  }
}

/** The decode worker, kept between analyses (a failed one is dropped: the next analysis starts another). */
let kept: Worker | null = null;
let runs = 0;

function decodeWorker(): Worker {
  kept ??= new Worker(new URL('./video-decode.worker.ts', import.meta.url), { type: 'module' });
  return kept;
}

/**
 * Starts the decode worker ahead of the first analysis (the video file mode is shown): its start,
 * loading and compiling its chunk, no longer delays that analysis's first frames.
 */
export function warmDecodeWorker(): void {
  if (typeof Worker !== 'undefined') decodeWorker();
}

export async function* decodedFrames(
  file: Blob,
  times: number[],
  inputSize: [number, number],
  affine: ChannelAffine | null,
): AsyncGenerator<DecodedSample> {
  if (typeof Worker === 'undefined') {
    yield* inThisThread(file, times, inputSize, affine);
    return;
  }
  const worker = decodeWorker();
  const run = ++runs;
  const arrived: FromDecoder[] = [];
  let wake: (() => void) | null = null;
  const push = (message: FromDecoder) => {
    arrived.push(message);
    wake?.();
    wake = null;
  };
  worker.onmessage = (event: MessageEvent<FromDecoder>) => {
    if (event.data.run === run) push(event.data);
  };
  worker.onerror = (event) => {
    event.preventDefault();
    if (kept === worker) kept = null;
    worker.terminate();
    push({ kind: 'error', run, name: 'Error', message: `The video decode worker failed: ${event.message}` });
  };
  const send = (message: ToDecoder) => worker.postMessage(message);
  let ended = false;
  try {
    send({ kind: 'start', run, file, times, inputSize, affine, ahead: AHEAD });
    for (;;) {
      while (arrived.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const message = arrived.shift()!;
      if (message.kind === 'end') {
        ended = true;
        return;
      }
      if (message.kind === 'error') {
        ended = true;
        const error = new Error(message.message);
        error.name = message.name;
        throw error;
      }
      send({ kind: 'more', run, count: 1 });
      yield { time: message.time, pixels: message.pixels };
    }
  } finally {
    if (!ended) send({ kind: 'stop', run }); // cancelled, or the caller stopped early
    if (run === runs) {
      // No newer analysis has taken the worker: it idles without this one's handlers.
      worker.onmessage = null;
      worker.onerror = null;
    }
  }
}
