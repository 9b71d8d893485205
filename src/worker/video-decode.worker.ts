/**
 * The video decode worker, started by the model worker for a whole-file analysis: it demuxes and
 * decodes the sampled frames (video-decode.ts) and converts each to RGB at the model's input size
 * (frame-rgb.ts), preprocessed where that is one affine map per channel, on a core of its own while the model worker computes (on one wasm thread in the
 * video modes the second core is otherwise idle). At most `ahead` frames beyond those granted.
 */
import { applyAffine, type ChannelAffine } from '../gradcam/preprocessing/affine';
import { frameRgb } from './frame-rgb';
import { framesAt } from './video-decode';
import type { FromDecoder, ToDecoder } from './video-decode-protocol';

const post = (message: FromDecoder, transfer: Transferable[] = []) => self.postMessage(message, transfer);

let credit = 0;
let granted: (() => void) | null = null;

async function decode(
  file: Blob,
  times: number[],
  inputSize: [number, number],
  affine: ChannelAffine | null,
): Promise<void> {
  try {
    for await (const { time, frame } of framesAt(file, times)) {
      const rgb = await frameRgb(frame, inputSize); // closes the frame
      const pixels = affine ? applyAffine(rgb, affine) : rgb;
      while (credit <= 0) await new Promise<void>((resolve) => (granted = resolve));
      credit -= 1;
      post({ kind: 'frame', time, pixels }, [pixels.buffer]);
    }
    post({ kind: 'end' });
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    post({ kind: 'error', name: e.name, message: e.message });
  }
}

self.onmessage = (event: MessageEvent<ToDecoder>) => {
  const message = event.data;
  if (message.kind === 'start') {
    credit = message.ahead;
    void decode(message.file, message.times, message.inputSize, message.affine);
  } else {
    credit += message.count;
    granted?.();
    granted = null;
  }
};
