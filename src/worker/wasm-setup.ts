/**
 * The WebAssembly backend's set-up in the worker: binary URLs and threads.
 *
 * Threads need SharedArrayBuffer, i.e. a cross-origin isolated page (the service worker makes it so
 * after one reload, see src/sw/isolation.ts); elsewhere tfjs runs the single-threaded SIMD build.
 * The threaded build used to hang once minified: scripts/vite-plugin-wasm-threads.ts explains and
 * fixes that. tfjs's C++ caps its thread pool at navigator.hardwareConcurrency / 2 (it assumes two
 * hyper-threads per core), which is ONE thread on a 2-core machine: while the module starts we let it
 * see twice the logical cores, so the cap becomes the real count and setThreadsCount() decides.
 */
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { DebugOptions } from './protocol';
import { threadsFor } from './wasm-threads';

let configuredThreads: number | null = null;

/**
 * Every core when the page is cross-origin isolated, else one; the page may ask for fewer
 * (debug.threads: a test's cap, or the video modes' count from wasm-threads.ts).
 */
export function wantedThreads(debug: DebugOptions): number {
  const env = { cores: self.navigator.hardwareConcurrency, isolated: self.crossOriginIsolated === true };
  return threadsFor('photo', { ...env, cap: debug.threads });
}

/** Once per worker, before the first tf.setBackend('wasm'): binary URLs and the thread count. */
export function configureWasm(debug: DebugOptions): void {
  if (configuredThreads !== null) return;
  configuredThreads = wantedThreads(debug);
  if (configuredThreads > 1) setThreadsCount(configuredThreads);
  else tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  // Vite fingerprints the .wasm files: give tfjs their emitted URLs, resolved against the worker script.
  setWasmPaths({
    'tfjs-backend-wasm.wasm': new URL(wasmPlainUrl, self.location.href).href,
    'tfjs-backend-wasm-simd.wasm': new URL(wasmSimdUrl, self.location.href).href,
    'tfjs-backend-wasm-threaded-simd.wasm': new URL(wasmThreadedUrl, self.location.href).href,
  });
}

/** Runs the wasm backend's start with the logical-core count tfjs halves doubled (see above). */
export async function startingWasm<T>(start: () => Promise<T>): Promise<T> {
  const threads = configuredThreads ?? 1;
  if (threads <= 1) return start();
  const nav = self.navigator;
  Object.defineProperty(nav, 'hardwareConcurrency', { value: threads * 2, configurable: true });
  try {
    return await start();
  } finally {
    delete (nav as { hardwareConcurrency?: number }).hardwareConcurrency; // the prototype's getter again
  }
}

/** The wasm backend's thread count (1 on every other backend, and before wasm started). */
export function backendThreads(name: string): number {
  if (name !== 'wasm') return 1;
  try {
    return Math.max(1, getThreadsCount());
  } catch {
    return 1;
  }
}
