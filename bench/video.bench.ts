/**
 * Video benchmarks (issue 14), not a test: live camera fps and latency, the main thread's longest
 * task, and whole-video analysis frames/s, per backend, next to the same backend's forward and
 * forward + map (new-image) times; Node (wasm) analysis throughput through the same engine call.
 *   npm run build && npx tsx bench/video.bench.ts [--backend wasm,webgl,webgpu] [--seconds 8] [--out f]
 *     [--port 4176] [--node yes|no] (no: skip the Node row) [--query debug-threads=1] (added to the
 *     page's URL, e.g. one wasm thread; the rows then say so) [--model id] (the page's model; the
 *     Node row and the targets use it too) [--restart-only yes] (only the engine restart of the
 *     video modes: photo -> camera -> photo, timed; no live window, no analysis) [--reps 5] [--note text]
 * Each browser row repeats, --reps times in the same page, on the video modes' engines (their wasm
 * thread counts, src/worker/wasm-threads.ts: the camera's and the video file's differ for mid-cost
 * models): the camera mode's engine figures (forward, a batch of 8, forward + map; the camera
 * stopped), the live window, the video file mode's engine figures, the analysis; each mode left
 * SETTLE_S seconds after its switch first (video-report.ts). The row's figures are the
 * medians, each rep's figures and ratios are listed (`reps`); the photo view's engine figures,
 * measured first, are kept as `photo`. The camera's delivered rate (`cameraFps`: frames its track
 * gave the live loop per second in the window) gives a second live target (`liveTargetDelivered`).
 * Writes bench/results/video-latest.json and video-latest.md (with a `note`: the git commit, the
 * time, the load average). Targets are reported, never asserted:
 *   live fps >= 0.8 x 1000 / (forward + map) or the camera's own rate if lower;
 *   analysis frames/s >= 0.8 x 1000 / forward (the faster of one frame and a batch of 8 per pass,
 *   the analysis's batch; on the video file mode's engine); no main-thread task over 50 ms.
 */
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import * as tf from '@tensorflow/tfjs';
import { CHROMIUM_ARGS } from '../playwright.config';
import { serveStatic } from '../scripts/serve-static';
import { explainFrame } from '../src/gradcam/frame';
import { createSession } from '../src/gradcam/index';
import { setNodeBackend } from '../src/node/backend';
import { loadTestModel } from '../src/node/testing';
import { CUT_CLIP, decodeFrames, ensureVideoClips } from '../src/node/video-clips';
import { sampleTimes } from '../src/video/sampling';
import { loadAverage, machineInfo } from './report';
import { analysisRun, engineFigures, liveWindow } from './video-page';
import { markdown, medians, type Rep, type Row, rep, round, SETTLE_S } from './video-report';

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'wasm,webgl,webgpu' },
    seconds: { type: 'string', default: '8' },
    out: { type: 'string', default: 'bench/results/video-latest.json' },
    dist: { type: 'string', default: 'dist' },
    port: { type: 'string', default: '4176' },
    node: { type: 'string', default: 'yes' },
    query: { type: 'string', default: '' },
    model: { type: 'string', default: 'mobilenet_v1_0.25_224' },
    'restart-only': { type: 'string', default: 'no' },
    reps: { type: 'string', default: '5' },
    note: { type: 'string', default: '' },
  },
});
const PORT = Number(values.port);
const REPS = Math.max(1, Number(values.reps));
const MODEL = values.model!;
const RESTART_ONLY = values['restart-only'] === 'yes';

const clips = ensureVideoClips();
const rows: Row[] = [];
/** --restart-only: the restarts timed. */
const restarts: object[] = [];

async function nodeRow(): Promise<Row> {
  await setNodeBackend('wasm');
  const model = await loadTestModel(MODEL);
  const frames = decodeFrames(clips.cut, 224, 168);
  const session = createSession(model);
  const times = sampleTimes(CUT_CLIP.duration, { frameRate: CUT_CLIP.frameRate });
  const x = tf.zeros([1, 224, 224, 3]);
  const forward: number[] = [];
  for (let i = 0; i < 23; i++) {
    const t = performance.now();
    const y = model.tfModel.predict(x) as tf.Tensor;
    await y.data();
    y.dispose();
    if (i >= 3) forward.push(performance.now() - t);
  }
  x.dispose();
  const start = performance.now();
  for (const time of times) {
    const pixels = tf.tensor3d(frames[Math.floor(time * CUT_CLIP.frameRate)], [168, 224, 3], 'int32');
    await explainFrame(session, pixels);
    pixels.dispose();
  }
  const seconds = (performance.now() - start) / 1000;
  session.dispose();
  model.dispose();
  const forwardMs = forward.sort((a, b) => a - b)[forward.length >> 1];
  return {
    env: 'node',
    backend: 'wasm',
    model: MODEL,
    forwardMs: round(forwardMs),
    frameMs: round((seconds * 1000) / times.length),
    liveFps: null,
    liveLatencyMs: null,
    liveTarget: null,
    longestTaskMs: null,
    analysisFps: round(times.length / seconds),
    analysisTarget: round(0.8 * (1000 / forwardMs)),
  };
}

type Page = Awaited<ReturnType<Awaited<ReturnType<typeof chromium.launch>>['newPage']>>;

/**
 * Switches the source mode and times the engine's restart until its model is loaded, and back in the
 * photo view until its map is ready (about 0 when the engine is kept).
 */
async function timedSwitch(
  page: Page,
  mode: 'camera' | 'video' | 'photo',
): Promise<{ model: number; view?: number }> {
  await page.evaluate(() => {
    (window as unknown as { __switched: number }).__switched = performance.now();
  });
  await page.getByTestId(`mode-${mode}`).check();
  // A string: tsx would wrap the page function's inner arrows in its __name helper, absent there.
  const at = (await page.evaluate(`(async () => {
    const t0 = window.__switched;
    const since = (ok) => new Promise((resolve) => {
      const poll = () => (ok() ? resolve(performance.now() - t0) : setTimeout(poll, 2));
      poll();
    });
    const model = await since(() => window.gradcamDebug.model() !== null);
    const view = ${mode === 'photo'} ? await since(() => window.gradcamDebug.last()?.ready === true) : undefined;
    return { model, view };
  })()`)) as { model: number; view?: number };
  return { model: round(at.model), ...(at.view === undefined ? {} : { view: round(at.view) }) };
}

async function browserRows(backends: string[]): Promise<void> {
  if (!existsSync(join(values.dist!, 'index.html')))
    throw new Error(`no ${values.dist}/: run npm run build first`);
  const server = await serveStatic({ dir: values.dist!, base: '/', port: PORT });
  const browser = await chromium.launch({
    executablePath: existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined,
    args: [
      ...CHROMIUM_ARGS,
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${clips.camera}`,
    ],
  });
  try {
    for (const backend of backends) {
      const context = await browser.newContext({ permissions: ['camera'] });
      const page = await context.newPage();
      await page.addInitScript(() => {
        const w = window as unknown as { __longest: number };
        w.__longest = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) w.__longest = Math.max(w.__longest, entry.duration);
        }).observe({ type: 'longtask', buffered: true });
      });
      try {
        await page.goto(
          `http://127.0.0.1:${PORT}/?backend=${backend}&model=${MODEL}&sample=chelsea${values.query ? `&${values.query}` : ''}`,
        );
        await page.waitForSelector('[data-testid=overlay-canvas][data-state=ready]', { timeout: 180_000 });
        // The status bar's count (the photo's map, which last() reads, waits while a video mode is shown).
        const threadsNow = async () => {
          const shown = page.getByTestId('status-threads');
          return (await shown.count()) ? Number.parseInt((await shown.textContent()) ?? '1', 10) : 1;
        };
        const photoThreads = await threadsNow();
        if (RESTART_ONLY) {
          const there = await timedSwitch(page, 'camera');
          const videoThreads = await threadsNow();
          const back = await timedSwitch(page, 'photo');
          const restart = { backend, model: MODEL, threads: { photo: photoThreads, video: videoThreads } };
          restarts.push({ ...restart, restartMs: { ...there, back } });
          console.log(JSON.stringify(restarts.at(-1)));
          continue;
        }
        const photo = await engineFigures(page);
        // The camera mode's engine (a thread fewer on wasm, unless the model is heavy): timed, then
        // every rep's live window on it and its analysis on the video file mode's (the same engine
        // where the counts agree). Each mode settles before its figures (SETTLE_S).
        const settle = () => page.waitForTimeout(SETTLE_S * 1000);
        const restart = await timedSwitch(page, 'camera');
        const cameraThreads = await threadsNow();
        let videoThreads = cameraThreads;
        const reps: Rep[] = [];
        for (let i = 0; i < REPS; i++) {
          const toCamera = i > 0 ? await timedSwitch(page, 'camera') : restart;
          await settle();
          const figures = await engineFigures(page);
          const live = await liveWindow(page, Number(values.seconds));
          const toVideo = await timedSwitch(page, 'video');
          if (i === 0) {
            await page.getByTestId('video-input').setInputFiles(clips.cut);
            videoThreads = await threadsNow();
          }
          await settle();
          const analysisEngine = await engineFigures(page);
          const analysis = await analysisRun(page);
          const switchMs = { camera: toCamera.model, video: toVideo.model };
          reps.push({ ...rep(figures, live, analysis, analysisEngine), switchMs });
          console.log(JSON.stringify({ backend, rep: i + 1, ...reps.at(-1) }));
        }
        const back = await timedSwitch(page, 'photo');
        const m = medians(reps);
        const row: Row = {
          env: 'browser',
          backend,
          ...(values.query ? { query: values.query } : {}),
          model: MODEL,
          forwardMs: m.forwardMs,
          forwardBatchMs: m.forwardBatchMs,
          frameMs: m.frameMs,
          liveFps: m.liveFps,
          liveFpsShown: m.liveFpsShown,
          liveLatencyMs: m.liveLatencyMs,
          liveTarget: m.liveTarget,
          longestTaskMs: m.longestTaskMs,
          analysisFps: m.analysisFps,
          analysisTarget: m.analysisTarget,
          analysisEngine: m.analysisEngine,
          threads: { photo: photoThreads, camera: cameraThreads, video: videoThreads },
          restartMs: { ...restart, back },
          photo,
          cameraFps: m.cameraFps,
          liveTargetDelivered: m.liveTargetDelivered,
          liveRatio: m.liveRatio,
          liveRatioDelivered: m.liveRatioDelivered,
          analysisRatio: m.analysisRatio,
          analysisTimingsMs: m.analysisTimingsMs,
          ...(m.liveWorkerMs ? { liveWorkerMs: m.liveWorkerMs } : {}),
          reps,
        };
        rows.push(row);
        console.log(JSON.stringify(row));
      } catch (error) {
        console.log(`browser/${backend}: failed: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
}

const backends = values.backend!.split(',').filter(Boolean);
const load = { start: loadAverage(), end: [] as number[] };
const startedAt = new Date().toISOString();
if (values.node !== 'no') {
  rows.push(await nodeRow());
  console.log(JSON.stringify(rows[0]));
}
await browserRows(backends);
load.end = loadAverage();
const date = new Date().toISOString().slice(0, 10);
mkdirSync(join(values.out!, '..'), { recursive: true });
const machine = { ...machineInfo(), loadAverage: load };
const git = (args: string) => execSync(`git ${args}`, { encoding: 'utf8' }).trim();
const dirty = git('status --porcelain --untracked-files=no') ? ' with uncommitted changes' : '';
const note = [
  `git ${git('rev-parse --short HEAD')}${dirty} (the bench's checkout; the page from ${values.dist})`,
  `${startedAt} to ${new Date().toISOString()}`,
  `load average ${load.start.join(' ')} at the start, ${load.end.join(' ')} at the end`,
  ...(values.note ? [values.note] : []),
].join('; ');
writeFileSync(
  values.out!,
  `${JSON.stringify({ date, note, machine, rows, ...(RESTART_ONLY ? { restarts } : {}) }, null, 2)}\n`,
);
writeFileSync(values.out!.replace(/\.json$/, '.md'), markdown(date, load, rows));
console.log(markdown(date, load, rows));
