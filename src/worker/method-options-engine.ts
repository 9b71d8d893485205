/** The engine side of the method options and of Guided Backpropagation (see method-options.ts). */
import { throwIfAborted } from '../gradcam/abort';
import { deprocessImage, type GradCamSession, guidedGradCam } from '../gradcam/index';
import type { AppliedCamOptions, CamOptions } from '../gradcam/types';
import type { GuidedRequest, GuidedResult, MapOptions } from './method-options';

/** The core's CamOptions for a request's options. */
export function camOptionsOf(options: MapOptions | undefined): CamOptions {
  if (!options) return {};
  return {
    layers: options.layers,
    augSmooth: options.augSmooth,
    eigenSmooth: options.eigenSmooth,
    target: options.target,
    versus: options.versus ?? null,
  };
}

/** Several layers or aug_smooth: the final map is made at the input's size, not at a layer's. */
export function isCombined(options: AppliedCamOptions): boolean {
  return options.layers.length > 1 || options.augSmooth;
}

/** RGB (or gray: `channels` 1) bytes to opaque RGBA. */
function rgba(bytes: Uint8ClampedArray, channels: number): Uint8ClampedArray {
  const out = new Uint8ClampedArray((bytes.length / channels) * 4);
  const g = channels === 1 ? 0 : 1;
  const b = channels === 1 ? 0 : 2;
  for (let i = 0, j = 0; i < bytes.length; i += channels, j += 4) {
    out[j] = bytes[i];
    out[j + 1] = bytes[i + g];
    out[j + 2] = bytes[i + b];
    out[j + 3] = 255;
  }
  return out;
}

/**
 * Guided Backpropagation (one backward pass through the whole model) and Guided Grad-CAM (times the
 * request's final map, from the session's cached activations), both as deprocess_image pictures.
 */
export async function guidedPictures(
  session: GradCamSession,
  request: GuidedRequest,
  signal?: AbortSignal,
): Promise<GuidedResult> {
  const start = performance.now();
  const g = await session.guided(request.classIndex);
  throwIfAborted(signal);
  const cam = await session.heatmap(request.classIndex, request.method, {
    signal,
    ...camOptionsOf(request.options),
  });
  const [height, width] = g.size;
  return {
    classIndex: request.classIndex,
    width,
    height,
    backprop: rgba(deprocessImage(g.gradient), g.channels),
    guidedCam: rgba(guidedGradCam(cam.heatmap, g.gradient, g.channels), g.channels),
    backend: g.backend,
    ms: performance.now() - start,
  };
}
