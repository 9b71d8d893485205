import type { ChannelAffine } from '../gradcam/preprocessing/affine';

/**
 * Messages between the model worker and its video decode worker (video-decode.worker.ts): the model
 * worker starts it with the file, the sample times and the model's input size, and grants frames;
 * the decode worker sends each granted frame at that size (transferred): the model's input values
 * where its preprocessing is one affine map per channel (`affine`), else RGB bytes; then the end,
 * or the error (its name kept: NotDecodable sends the analysis to the element).
 */
export type ToDecoder =
  | {
      kind: 'start';
      file: Blob;
      times: number[];
      inputSize: [number, number];
      affine: ChannelAffine | null;
      ahead: number;
    }
  | { kind: 'more'; count: number };

export type FromDecoder =
  | { kind: 'frame'; time: number; pixels: Uint8Array | Float32Array }
  | { kind: 'end' }
  | { kind: 'error'; name: string; message: string };

/** A sampled frame at the model's input size: its input values (Float32Array) or RGB bytes. */
export interface DecodedSample {
  time: number;
  pixels: Uint8Array | Float32Array;
}
