/**
 * How many wasm threads an engine runs, DOM-free: the page decides (src/app/worker-host.ts, from
 * what the user does: the engine's desired state), the worker applies it (wasm-setup.ts). tfjs fixes
 * the count when its backend starts, so another count means another engine (src/app/engine.ts).
 *
 * The photo view uses every core (e2e/threads.spec.ts holds it to min(cores, 8)). While a video mode
 * is shown the page itself needs a core: the <video> decodes, the compositor draws, the live loop
 * runs; two wasm threads on two cores then wait on each other (XNNPACK's pool spins on a preempted
 * thread), so the video modes leave one core to the page: max(1, min(cores - 1, 8)), unless the
 * model is heavy enough that its frames gain more from every thread than they lose to the page.
 * The camera's picture plays all along (a third of a core and more on 2 cores), the video file's
 * player is paused while it is analysed: the camera needs a heavier model to gain from every thread.
 */

/** tfjs's threaded build pre-creates 8 pthread workers: its pool never exceeds that. */
export const MAX_THREADS = 8;

/**
 * From this many multiply-adds a frame (src/gradcam/model-cost.ts) each video mode uses every core.
 * Measured on 2 cores (wasm, bench/video.bench.ts, one thread against two): MobileNet v1 0.25 (41 M)
 * live 25.9 vs 20.9 fps (12-04); Tiny Darknet (492 M) live 22.6 vs 22.9 fps (12-06; 12.2 vs 11.4 on
 * 12-05), analysis 23.4 vs 29.5 frames/s (12-06); ResNet50 (3.9 G) live 2.5 vs 3.6, analysis 2.7 vs
 * 4.7 (12-05). While the camera plays, its picture took 0.45 of a core besides the model's threads
 * (Tiny Darknet live, per-thread CPU from /proc, 12-07): a second thread gained nothing there.
 */
export const HEAVY_FRAME_MULTIPLY_ADDS = { camera: 1e9, video: 200e6 } as const;

/** What the engine is for: the photo view (and the dataset), the camera, or a video file. */
export type EngineUse = 'photo' | 'camera' | 'video';

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
  const everyCore =
    use === 'photo' || (multiplyAdds != null && multiplyAdds >= HEAVY_FRAME_MULTIPLY_ADDS[use]);
  const wanted = everyCore ? all : all - 1;
  return Math.max(1, Math.floor(Math.min(wanted, MAX_THREADS, cap ?? all)));
}
