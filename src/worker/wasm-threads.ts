/**
 * How many wasm threads an engine runs, DOM-free: the page decides (src/app/worker-host.ts, from
 * what the user does: the engine's desired state), the worker applies it (wasm-setup.ts). tfjs fixes
 * the count when its backend starts, so another count means another engine (src/app/engine.ts).
 *
 * The photo view uses every core (e2e/threads.spec.ts holds it to min(cores, 8)). While a video mode
 * is shown the page itself needs a core: the <video> decodes, the compositor draws, the live loop
 * runs; two wasm threads on two cores then wait on each other (XNNPACK's pool spins on a preempted
 * thread), so video leaves one core to the page: max(1, min(cores - 1, 8)), unless the model is
 * heavy enough that its frames gain more from every thread than they lose to the page.
 */

/** tfjs's threaded build pre-creates 8 pthread workers: its pool never exceeds that. */
export const MAX_THREADS = 8;

/**
 * From this many multiply-adds a frame (src/gradcam/model-cost.ts) the video modes use every core.
 * Measured on 2 cores (wasm, bench/video.bench.ts, 12-05, live fps and analysis frames/s on one
 * thread against two): MobileNet v1 0.25 (41 M) 25.9 vs 20.9 live (12-04); Tiny Darknet (492 M)
 * 12.2 vs 11.4 live, 14.5 vs 16.3 analysis; ResNet50 (3.9 G) 2.5 vs 3.6 live, 2.7 vs 4.7 analysis.
 */
export const HEAVY_FRAME_MULTIPLY_ADDS = 200e6;

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

/** `multiplyAdds`: the model's cost a frame, null or absent when unknown (a GraphModel, none loaded). */
export function threadsFor(
  use: EngineUse,
  { cores, isolated, cap }: ThreadsEnv,
  multiplyAdds?: number | null,
): number {
  if (!isolated) return 1;
  const all = Math.max(1, cores || 1);
  const heavy = multiplyAdds != null && multiplyAdds >= HEAVY_FRAME_MULTIPLY_ADDS;
  const wanted = use === 'video' && !heavy ? all - 1 : all;
  return Math.max(1, Math.floor(Math.min(wanted, MAX_THREADS, cap ?? all)));
}
