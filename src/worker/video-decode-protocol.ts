/**
 * Messages between the model worker and its video decode worker (video-decode.worker.ts): the model
 * worker starts it with the file, the sample times and the model's input size, and grants frames;
 * the decode worker sends each granted frame as RGB bytes at that size (transferred), then the end,
 * or the error (its name kept: NotDecodable sends the analysis to the element).
 */
export type ToDecoder =
  | { kind: 'start'; file: Blob; times: number[]; inputSize: [number, number]; ahead: number }
  | { kind: 'more'; count: number };

export type FromDecoder =
  | { kind: 'frame'; time: number; rgb: Uint8Array }
  | { kind: 'end' }
  | { kind: 'error'; name: string; message: string };

/** A sampled frame, decoded and converted to the model's input size. */
export interface DecodedSample {
  time: number;
  rgb: Uint8Array;
}
