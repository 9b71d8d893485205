/**
 * Backend choice, in the worker: WebGPU on a real adapter, else WebGL on a real GPU, else wasm, else cpu.
 * Every init runs under a timeout and its result is checked: a failure falls through to the next one.
 * A forced backend is tried first and accepted even on a software device (that is what forcing means).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import {
  BACKEND_LABEL,
  type BackendInfo,
  type BackendName,
  type BackendRequest,
  type DebugOptions,
} from './protocol';
import { backendThreads, configureWasm, startingWasm } from './wasm-setup';

const INIT_TIMEOUT_MS: Record<BackendName, number> = {
  webgpu: 15_000,
  webgl: 15_000,
  wasm: 15_000,
  cpu: 5_000,
};
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render/i;

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not start within ${ms / 1000} s`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

interface Probe {
  ok: boolean;
  reason?: string;
  device?: string;
}

interface GpuAdapterLike {
  isFallbackAdapter?: boolean;
  info?: { isFallbackAdapter?: boolean; vendor?: string; architecture?: string; description?: string };
}

async function probeWebGpu(allowSoftware: boolean): Promise<Probe> {
  const gpu = (self.navigator as unknown as { gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> } })
    .gpu;
  if (!gpu) return { ok: false, reason: 'WebGPU is not available in this browser' };
  const adapter = await withTimeout(gpu.requestAdapter(), 5_000, 'The WebGPU adapter');
  if (!adapter) return { ok: false, reason: 'no WebGPU adapter was found' };
  const info = adapter.info ?? {};
  const fallback = Boolean(adapter.isFallbackAdapter ?? info.isFallbackAdapter);
  const device = [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || undefined;
  if (fallback && !allowSoftware) {
    return { ok: false, reason: 'the WebGPU adapter is a software fallback', device };
  }
  return { ok: true, device: fallback ? `${device ?? 'WebGPU'} (software)` : device };
}

function probeWebGl(allowSoftware: boolean): Probe {
  if (typeof OffscreenCanvas === 'undefined') return { ok: false, reason: 'OffscreenCanvas is missing' };
  const gl = new OffscreenCanvas(1, 1).getContext('webgl2') as WebGL2RenderingContext | null;
  if (!gl) return { ok: false, reason: 'WebGL 2 is not available' };
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(
    (ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : null) ?? gl.getParameter(gl.RENDERER) ?? '',
  );
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  if (SOFTWARE_RENDERER.test(renderer) && !allowSoftware) {
    return { ok: false, reason: `the WebGL renderer is software (${renderer})`, device: renderer };
  }
  return { ok: true, device: renderer || undefined };
}

async function probe(name: BackendName, forced: boolean, debug: DebugOptions): Promise<Probe> {
  if (name === 'webgpu') return probeWebGpu(forced);
  if (name === 'webgl') return probeWebGl(forced);
  if (name === 'wasm') {
    if (typeof WebAssembly === 'undefined') return { ok: false, reason: 'WebAssembly is not available' };
    configureWasm(debug);
  }
  return { ok: true };
}

async function activate(name: BackendName, debug: DebugOptions): Promise<void> {
  const timeout = debug.initTimeoutMs ?? INIT_TIMEOUT_MS[name];
  // Test-only fault injection: a backend that never finishes starting, or one that fails.
  const setting = debug.hang?.includes(name)
    ? new Promise<boolean>(() => {})
    : debug.fail?.includes(name)
      ? Promise.resolve(false)
      : name === 'wasm'
        ? startingWasm(() => tf.setBackend(name))
        : tf.setBackend(name);
  const ok = await withTimeout(setting, timeout, BACKEND_LABEL[name]);
  if (!ok || tf.getBackend() !== name) throw new Error(`${BACKEND_LABEL[name]} failed to initialise`);
  await withTimeout(tf.ready(), timeout, BACKEND_LABEL[name]);
  // One tiny op proves the backend really computes (a broken device can init and then return zeros).
  const probeValue = await withTimeout(
    tf.tidy(() => tf.scalar(2).mul(tf.scalar(3))).data(),
    10_000,
    BACKEND_LABEL[name],
  );
  if (probeValue[0] !== 6) throw new Error(`${BACKEND_LABEL[name]} computed a wrong value`);
}

/** Initialises tfjs on the requested backend or the best one available. */
export async function selectBackend(
  requested: BackendRequest,
  debug: DebugOptions = {},
): Promise<BackendInfo> {
  const start = performance.now();
  const auto: BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];
  const order = requested === 'auto' ? auto : [requested, ...auto.filter((name) => name !== requested)];
  const skipped: BackendInfo['skipped'] = [];
  /** Backends that were available but failed or hung while starting (not merely absent or software). */
  const failed: BackendInfo['skipped'] = [];
  for (const name of order) {
    const forced = name === requested;
    try {
      const result = await probe(name, forced, debug);
      if (!result.ok) {
        skipped.push({ name, reason: result.reason ?? 'unavailable' });
        continue;
      }
      await activate(name, debug);
      const forcedFailure = requested !== 'auto' && requested !== name ? skipped[0] : undefined;
      const startFailure = failed[0];
      return {
        name,
        requested,
        skipped,
        device: result.device,
        threads: backendThreads(name),
        isolated: self.crossOriginIsolated === true,
        initMs: performance.now() - start,
        notice: forcedFailure
          ? `${BACKEND_LABEL[requested as BackendName]} was requested but ${forcedFailure.reason}; using ${BACKEND_LABEL[name]} instead.`
          : startFailure
            ? `${BACKEND_LABEL[startFailure.name]} could not start (${startFailure.reason}); using ${BACKEND_LABEL[name]} instead.`
            : undefined,
      };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      skipped.push({ name, reason });
      failed.push({ name, reason });
      try {
        tf.removeBackend(name);
      } catch {
        // Not registered any more: nothing to clean.
      }
    }
  }
  throw new Error(
    `No TensorFlow.js backend could start: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`,
  );
}
