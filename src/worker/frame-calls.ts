/**
 * The engine's frame call (camera and video): a frame in, prediction + low-resolution map out, one
 * forward pass and one map. Frames have a session of their own, so the single-image view's cached
 * activation is never touched; release() disposes it (tensor count back to its level).
 * Environment-free: the pixels come from the environment's frameToTensor (the model's input values
 * where its preprocessing is one affine map per channel).
 */
import { explainFrame } from '../gradcam/frame';
import { createSession, type GradCamSession, type LoadedModel } from '../gradcam/index';
import { type ChannelAffine, inputAffine } from '../gradcam/preprocessing/affine';
import type { ImageInput } from '../gradcam/session';
import { type FrameRequest, type FrameResult, frameResult } from './frame-protocol';

export function createFrameCalls<Frame>(
  toTensor: (
    frame: Frame,
    inputSize: [number, number],
    affine: ChannelAffine | null,
  ) => Promise<ImageInput> | ImageInput,
) {
  let session: GradCamSession | null = null;

  function release(): void {
    session?.dispose();
    session = null;
  }

  function sessionFor(model: LoadedModel): GradCamSession {
    if (session && session.model !== model) release();
    session ??= createSession(model);
    return session;
  }

  async function explain(
    model: LoadedModel,
    frame: Frame,
    request: FrameRequest,
    signal?: AbortSignal,
  ): Promise<FrameResult> {
    const start = performance.now();
    const s = sessionFor(model);
    if (s.layer !== request.layer) s.setLayer(request.layer);
    // Read each time: the model's preprocessing can change while the camera runs.
    const affine = inputAffine({ ...model.meta, channels: model.channels });
    const pixels = await toTensor(frame, model.inputSize, affine);
    try {
      const r = await explainFrame(s, pixels, {
        classIndex: request.classIndex,
        method: request.method,
        topK: request.topK,
        signal,
      });
      return frameResult({ ...r, lowRes: Float32Array.from(r.lowRes) }, r, {
        forward: r.timingsMs.forward,
        cam: r.timingsMs.cam,
        total: performance.now() - start,
      });
    } finally {
      ('preprocessed' in pixels ? pixels.preprocessed : pixels).dispose();
    }
  }

  return { explain, release };
}
