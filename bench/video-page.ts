/**
 * bench/video.bench.ts's steps in the page: the running engine's figures, a live window, an analysis.
 * Page functions are plain (tsx would wrap their inner arrows in its __name helper, absent there).
 */
import type { Page } from '@playwright/test';
import type { DebugVideo } from '../src/app/debug-api';
import { type EngineFigures, round } from './video-report';

/** Forward, a batch of 8 (per frame) and forward + map on the engine now running (median of 10). */
export async function engineFigures(page: Page): Promise<EngineFigures> {
  const bench = await page.evaluate(() =>
    window.gradcamDebug.benchmark({
      runs: 10,
      warmup: 3,
      cases: ['forward', 'forward-batch8', 'new-image'],
      soakRuns: 0,
    }),
  );
  const ms = (name: string) => bench.cases.find((c) => c.case === name)!.medianMs;
  return {
    forwardMs: ms('forward'),
    forwardBatchMs: round(ms('forward-batch8') / 8),
    frameMs: ms('new-image'),
  };
}

/**
 * The camera on, a warm-up, then the window: results counted over it (the app's own 2 s average is a
 * cross-check, `shown`), the camera's delivered frames, the longest main-thread task. Stops the camera.
 */
export async function liveWindow(page: Page, seconds: number) {
  await page.getByTestId('camera-start').click();
  await page.waitForFunction(() => window.gradcamDebug.video().framesAnalysed > 5, null, {
    timeout: 180_000,
  });
  await page.evaluate(() => {
    (window as unknown as { __longest: number }).__longest = 0;
  });
  const from = await page.evaluate(() => window.gradcamDebug.video() as DebugVideo);
  const t0 = performance.now();
  await page.waitForTimeout(seconds * 1000);
  const live = await page.evaluate(() => window.gradcamDebug.video() as DebugVideo);
  const took = (performance.now() - t0) / 1000;
  const longestTaskMs = await page.evaluate(() => (window as unknown as { __longest: number }).__longest);
  await page.getByTestId('camera-stop').click();
  // The worker's time per live frame over the window (sums since the camera started, differenced).
  const a = from.liveTimingsMs;
  const b = live.liveTimingsMs;
  const n = a && b ? b.frames - a.frames : 0;
  const per = (key: 'forward' | 'map' | 'worker') => (n > 0 && a && b ? round((b[key] - a[key]) / n) : 0);
  return {
    workerMs: { forward: per('forward'), map: per('map'), worker: per('worker') },
    fps: (live.framesAnalysed - from.framesAnalysed) / took,
    shown: live.fps,
    latencyMs: live.latencyMs,
    cameraFps: ((live.framesReceived ?? 0) - (from.framesReceived ?? 0)) / took,
    longestTaskMs,
  };
}

/** Analyses the loaded clip (again) and waits for the new result. */
export async function analysisRun(page: Page) {
  const key = () => JSON.stringify([window.gradcamDebug.video().fps, window.gradcamDebug.video().timingsMs]);
  const before = await page.evaluate(key);
  await page.getByTestId('video-analyse').click();
  await page.waitForFunction(
    ([was]) => {
      const v = window.gradcamDebug.video();
      return v.state === 'ready' && JSON.stringify([v.fps, v.timingsMs]) !== was;
    },
    [before],
    { timeout: 600_000 },
  );
  const analysed = await page.evaluate(() => window.gradcamDebug.video() as DebugVideo);
  return { fps: analysed.fps, timingsMs: analysed.timingsMs ?? null };
}
