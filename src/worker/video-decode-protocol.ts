import type { ChannelAffine } from '../gradcam/preprocessing/affine';

/**
 * Messages between the model worker and its video decode worker (video-decode.worker.ts), kept
 * between analyses: each analysis is a `run` of its own (a new start ends the one before; its stray
 * messages are dropped). The model worker starts a run with the file, the sample times and the
 * model's input size, grants frames, and stops it when it ends early;
 * the decode worker sends each granted frame at that size (transferred): the model's input values
 * where its preprocessing is one affine map per channel (`affine`), else RGB bytes; then the end,
 * or the error (its name kept: NotDecodable sends the analysis to the element).
 */
export type ToDecoder =
  | {
      kind: 'start';
      run: number;
      file: Blob;
      times: number[];
      inputSize: [number, number];
      affine: ChannelAffine | null;
      ahead: number;
    }
  | { kind: 'more'; run: number; count: number }
  | { kind: 'stop'; run: number };

export type FromDecoder = { run: number } & (
  | { kind: 'frame'; time: number; pixels: Uint8Array | Float32Array }
  | { kind: 'end' }
  | { kind: 'error'; name: string; message: string }
);

/** A sampled frame at the model's input size: its input values (Float32Array) or RGB bytes. */
export interface DecodedSample {
  time: number;
  pixels: Uint8Array | Float32Array;
}
