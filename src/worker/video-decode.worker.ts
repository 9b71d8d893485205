/**
 * The video decode worker, started by the model worker when the video file mode is shown (or by its
 * first whole-file analysis) and kept for every one (video-decode-protocol.ts: one run at a time): it demuxes and
 * decodes the sampled frames (video-decode.ts) and converts each to RGB at the model's input size
 * (frame-rgb.ts), preprocessed where that is one affine map per channel, on a core of its own while the model worker computes (on one wasm thread in the
 * video modes the second core is otherwise idle). At most `ahead` frames beyond those granted.
 */
import type { ChannelAffine } from '../gradcam/preprocessing/affine';
import { frameValues } from './frame-rgb';
import { framesAt } from './video-decode';
import type { FromDecoder, ToDecoder } from './video-decode-protocol';

const post = (message: FromDecoder, transfer: Transferable[] = []) => self.postMessage(message, transfer);

/** The run being decoded (0: none); an older run's loop sees it changed and stops. */
let current = 0;
let credit = 0;
let granted: (() => void) | null = null;

function wake(): void {
  granted?.();
  granted = null;
}

async function decode(
  run: number,
  file: Blob,
  times: number[],
  inputSize: [number, number],
  affine: ChannelAffine | null,
): Promise<void> {
  const live = () => run === current;
  try {
    for await (const { time, frame } of framesAt(file, times)) {
      if (!live()) {
        frame.close();
        return; // ends framesAt: its decoder and input are released
      }
      const pixels = await frameValues(frame, inputSize, affine); // closes the frame
      while (credit <= 0 && live()) await new Promise<void>((resolve) => (granted = resolve));
      if (!live()) return;
      credit -= 1;
      post({ kind: 'frame', run, time, pixels }, [pixels.buffer]);
    }
    if (live()) post({ kind: 'end', run });
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    if (live()) post({ kind: 'error', run, name: e.name, message: e.message });
  }
}

self.onmessage = (event: MessageEvent<ToDecoder>) => {
  const message = event.data;
  if (message.kind === 'start') {
    current = message.run;
    credit = message.ahead;
    wake(); // the run before, if waiting for credit, sees it has ended
    void decode(message.run, message.file, message.times, message.inputSize, message.affine);
  } else if (message.run === current) {
    if (message.kind === 'stop') current = 0;
    else credit += message.count;
    wake();
  }
};
