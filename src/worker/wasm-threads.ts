/**
 * How many wasm threads an engine runs, DOM-free: the page decides (src/app/worker-host.ts, from
 * what the user does: the engine's desired state), the worker applies it (wasm-setup.ts). tfjs fixes
 * the count when its backend starts, so another count means another engine (src/app/engine.ts).
 *
 * The photo view uses every core (e2e/threads.spec.ts holds it to min(cores, 8)). While a video mode
 * is shown the page itself needs a core: the <video> decodes, the compositor draws, the live loop
 * runs; two wasm threads on two cores then wait on each other (XNNPACK's pool spins on a preempted
 * thread), so video leaves one core to the page: max(1, min(cores - 1, 8)).
 */

/** tfjs's threaded build pre-creates 8 pthread workers: its pool never exceeds that. */
export const MAX_THREADS = 8;

/** What the engine is for: the photo view (and the dataset), or the camera and video modes. */
export type EngineUse = 'photo' | 'video';

export interface ThreadsEnv {
  /** navigator.hardwareConcurrency. */
  cores: number;
  /** Whether the page is cross-origin isolated (threads need SharedArrayBuffer). */
  isolated: boolean;
  /** At most this many (?debug-threads=n). */
  cap?: number;
}

export function threadsFor(use: EngineUse, { cores, isolated, cap }: ThreadsEnv): number {
  if (!isolated) return 1;
  const all = Math.max(1, cores || 1);
  const wanted = use === 'video' ? all - 1 : all;
  return Math.max(1, Math.floor(Math.min(wanted, MAX_THREADS, cap ?? all)));
}
