/** What the engine needs from where it runs: the worker gives the browser's, the Node tests Node's. */
import type * as tf from '@tensorflow/tfjs';
import type { MetadataFinding } from '../gradcam/metadata';
import type { ChannelAffine } from '../gradcam/preprocessing/affine';
import type { ImageInput } from '../gradcam/session';
import type { BackendInfo, BackendRequest, DebugOptions, ModelInfo, ModelSource } from './protocol';

/** A model's files, ready for the core's loadModel, and where they come from this time. */
export interface OpenedSource {
  handler: string | tf.io.IOHandler;
  from: ModelInfo['from'];
  /** Metadata found beside the model (metadata.json, labels files): see src/gradcam/metadata.ts. */
  metadata?: MetadataFinding[];
}

export interface EngineEnvironment<Image, Frame = Image> {
  startBackend(requested: BackendRequest, debug: DebugOptions): Promise<BackendInfo>;
  openSource(
    source: ModelSource,
    signal: AbortSignal | undefined,
    onProgress: (fraction: number) => void,
    debug: DebugOptions,
  ): Promise<OpenedSource>;
  /** RGB int32 [h, w, 3]; releases the image. */
  toTensor(image: Image): tf.Tensor3D;
  /**
   * A camera/video frame as the model's input: RGB int32 [h, w, 3] (any size; the model's input size
   * is a hint), or its input values where the environment applied `affine` (the model's preprocessing
   * as one affine map per channel, when it is one); releases the frame.
   */
  frameToTensor(
    frame: Frame,
    inputSize: [number, number],
    affine: ChannelAffine | null,
  ): Promise<ImageInput> | ImageInput;
  /** Releases a frame that was never read (a call aborted while queued). */
  closeFrame?(frame: Frame): void;
  /** Hands results back without copying (comlink's transfer in the worker; identity in Node). */
  transfer<T>(value: T, buffers: ArrayBufferLike[]): T;
  /** Extra memory figures for the benchmark (the JS heap where the browser tells). */
  heapBytes?(): number;
}
