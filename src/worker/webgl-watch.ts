/** The worker's fault signal and the WebGL context it depends on. */
import * as tf from '@tensorflow/tfjs';
import { FAULT_MESSAGE, type FaultReason } from './protocol';

/** Tells the page why (outside comlink) and closes the worker: the page restarts a fresh one. */
export function fault(reason: FaultReason): void {
  self.postMessage({ type: FAULT_MESSAGE, reason });
  self.close();
}

/** The WebGL backend's context, when that is the backend in use. */
export function webglContext(): WebGL2RenderingContext | null {
  if (tf.getBackend() !== 'webgl') return null;
  return (tf.backend() as unknown as { gpgpu?: { gl?: WebGL2RenderingContext } }).gpgpu?.gl ?? null;
}

/**
 * A lost WebGL context (driver reset, GPU memory pressure, too many contexts) leaves tfjs computing
 * garbage: give up this worker and let the page start a fresh one (and fall back if it happens again).
 */
export function watchWebGlContext(): void {
  const canvas = (webglContext() as unknown as { canvas?: OffscreenCanvas } | null)?.canvas;
  canvas?.addEventListener('webglcontextlost', () => fault('webgl-context-lost'), { once: true });
}

/** Test hook: loses the WebGL context as a driver reset would. False when not on WebGL. */
export function loseWebGlContext(): boolean {
  const lose = webglContext()?.getExtension('WEBGL_lose_context');
  lose?.loseContext();
  return Boolean(lose);
}
