/**
 * Module-level actions (zustand "no store actions" pattern): the only code that talks to the worker.
 * `reconcile()` runs after every store change and starts exactly the stages whose inputs changed:
 * new image -> one forward pass + map; new class/layer/method -> map only; display settings -> nothing
 * (the stage redraws itself from the store). Each stage has one in-flight job, aborted when superseded.
 */
import { findCatalogueEntry } from '../gradcam/catalogue';
import { isSlowMethod, methodLabel, thumbnailMethod } from '../gradcam/methods/registry';
import type { MethodName } from '../gradcam/types';
import { isAllowedModelUrl, MODEL_HOSTS } from '../security/csp';
import { DEFAULT_SETTINGS } from '../state/slices/settings';
import {
  type AppState,
  analysisKey,
  effectiveClass,
  effectiveLayer,
  isMapReady,
  useStore,
  wantedMapKey,
  wantedThumbsKey,
} from '../state/store';
import { parseUrl, serializeUrl } from '../state/url';
import { keepModelOffline } from '../sw/register';
import { videoDebug } from '../video/debug';
import { GradcamBridge, isAbort } from '../worker/bridge';
import {
  type BackendRequest,
  type CustomModelMeta,
  type DebugOptions,
  type FaultReason,
  isBackendName,
  type MapResult,
  type ModelSource,
} from '../worker/protocol';
import type { GradcamDebug } from './debug-api';
import { bitmapForModel, decodeImage } from './image-input';
import { findSample, sampleUrl } from './samples';

const get = useStore.getState;
const set = useStore.setState;

let bridge: GradcamBridge | null = null;
let workerCalls = 0;
let lastModelSource: { source: ModelSource; title: string } | null = null;
let customModel = false;

interface Job {
  key: string;
  label: string;
  controller: AbortController;
}
const jobs: Record<'model' | 'analyze' | 'map' | 'thumbs', Job | null> = {
  model: null,
  analyze: null,
  map: null,
  thumbs: null,
};

/** The running worker's bridge (the video feature's frame calls), or null. */
export function workerBridge(): GradcamBridge | null {
  return bridge;
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function updateRunning(): void {
  const labels = Object.values(jobs)
    .filter((job): job is Job => job !== null)
    .map((job) => job.label);
  const running = labels.length ? labels.join(' · ') : null;
  if (get().running !== running) set({ running });
}

function startJob(stage: keyof typeof jobs, key: string, label: string): Job {
  jobs[stage]?.controller.abort();
  const job = { key, label, controller: new AbortController() };
  jobs[stage] = job;
  updateRunning();
  return job;
}

function endJob(stage: keyof typeof jobs, job: Job): boolean {
  if (jobs[stage] !== job) return false; // superseded: drop the stale result
  jobs[stage] = null;
  updateRunning();
  return true;
}

function abortStages(...stages: (keyof typeof jobs)[]): void {
  for (const stage of stages) {
    jobs[stage]?.controller.abort();
    jobs[stage] = null;
  }
  updateRunning();
}

// ---------------------------------------------------------------- worker & backend

async function startWorker(request: BackendRequest): Promise<boolean> {
  bridge?.terminate();
  abortStages('model', 'analyze', 'map', 'thumbs');
  const current = new GradcamBridge((reason) => void recoverFromFault(current, reason));
  bridge = current;
  set({ backend: null, running: 'Starting the model engine', analysis: null, map: null, thumbs: null });
  try {
    workerCalls += 1;
    const backend = await current.init(request, testFlags().debug);
    if (bridge !== current) return false;
    set({ backend, running: null, notice: backend.notice ?? get().notice });
    return true;
  } catch (error) {
    if (bridge !== current) return false;
    set({ running: null, error: describeError(error) });
    return false;
  }
}

/** When the engine stopped recently: a worker that keeps dying is not restarted forever. */
const faults: number[] = [];
const FAULT_WINDOW_MS = 60_000;
const MAX_RESTARTS = 3;

/**
 * The worker died (crash, out of memory) or lost its WebGL context: start a fresh one and recompute
 * what was on screen (same model, image, class, layer and method). A second GPU context loss within a
 * minute falls back to WebAssembly.
 */
async function recoverFromFault(dead: GradcamBridge, reason: FaultReason): Promise<void> {
  if (bridge !== dead) return;
  const now = Date.now();
  faults.push(now);
  while (faults.length && now - faults[0] > FAULT_WINDOW_MS) faults.shift();
  const what =
    reason === 'webgl-context-lost' ? 'The GPU (WebGL) context was lost' : 'The model engine stopped';
  if (faults.length > MAX_RESTARTS) {
    bridge.terminate();
    bridge = null;
    abortStages('model', 'analyze', 'map', 'thumbs');
    set({
      backend: null,
      error: `${what} again (${faults.length} times in a minute). Reload the page, or pick another backend.`,
    });
    return;
  }
  const running = get().backend?.name;
  const fallBack =
    reason === 'webgl-context-lost' && faults.length > 1 && (running === 'webgl' || running === 'webgpu');
  const request: BackendRequest = fallBack ? 'wasm' : get().backendRequest;
  if (!(await startWorker(request))) return;
  const on = backendName(get().backend?.name);
  set({
    notice: fallBack
      ? `${what} again; switched to ${on} and recomputed the view.`
      : `${what}; restarted it on ${on} and recomputed the view.`,
  });
  if (lastModelSource) await loadModelFrom(lastModelSource.source, lastModelSource.title, true);
}

function backendName(name: string | undefined): string {
  const names: Record<string, string> = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WebAssembly', cpu: 'CPU' };
  return names[name ?? ''] ?? name ?? 'another backend';
}

/**
 * Fault injection for the end-to-end tests, honoured only in a browser driven by a test
 * (navigator.webdriver): debug-hang=webgl, debug-fail=wasm, debug-init-timeout=ms, debug-stall=ms.
 */
let flags: { debug: DebugOptions } | null = null;
function testFlags(): { debug: DebugOptions } {
  flags ??= readTestFlags(window.location.search);
  return flags;
}
function readTestFlags(search: string): { debug: DebugOptions } {
  if (!navigator.webdriver) return { debug: {} };
  const params = new URLSearchParams(search);
  const list = (key: string) => (params.get(key) ?? '').split(',').filter(isBackendName);
  const ms = (key: string) => {
    const n = Number(params.get(key));
    return Number.isFinite(n) && n > 0 ? n : undefined;
  };
  return {
    debug: {
      hang: list('debug-hang'),
      fail: list('debug-fail'),
      initTimeoutMs: ms('debug-init-timeout'),
      stallTimeoutMs: ms('debug-stall'),
    },
  };
}

function requireBridge(): GradcamBridge {
  if (!bridge) throw new Error('The model engine is not running.');
  return bridge;
}

/** Counts worker calls made through the bridge (tests prove canvas-only updates with it). */
function countCall(): void {
  workerCalls += 1;
}

// ---------------------------------------------------------------- models

function catalogueSource(id: string): ModelSource {
  const entry = findCatalogueEntry(id);
  if (!entry) throw new Error(`Unknown model "${id}".`);
  const url =
    entry.delivery === 'bundled'
      ? new URL(`models/${entry.id}/model.json`, document.baseURI).href
      : entry.sourceUrl;
  return { kind: 'catalogue', id: entry.id, url, cache: entry.delivery === 'remote' };
}

/** The last model load that failed, for the Retry button. */
let failedLoad: { source: ModelSource; title: string; custom: boolean } | null = null;

/**
 * Loads a model. On failure the previous model (still loaded in the worker) stays in use: its
 * selection comes back and the image is re-analysed with it. Returns whether the new model loaded.
 */
async function loadModelFrom(
  source: ModelSource,
  title: string,
  keepSelection: boolean,
  custom = source.kind !== 'catalogue',
): Promise<boolean> {
  const b = requireBridge();
  const before = get();
  const previous =
    before.model.status === 'ready' && before.model.info
      ? {
          info: before.model.info,
          source: lastModelSource,
          custom: customModel,
          // selectModel() already moved modelId on: the previous catalogue id is in the model's key.
          modelId: before.model.info.key.startsWith('catalogue:')
            ? before.model.info.key.slice('catalogue:'.length)
            : before.modelId,
          classIndex: before.classIndex,
          layer: before.layer,
        }
      : null;
  lastModelSource = { source, title };
  customModel = custom;
  failedLoad = null;
  abortStages('analyze', 'map', 'thumbs');
  const job = startJob('model', `Loading ${title}`, `Loading ${title}`);
  set({
    model: { status: 'loading', info: null, progress: 0 },
    analysis: null,
    map: null,
    thumbs: null,
    cancelledKey: null,
    ...(keepSelection ? {} : { classIndex: null, layer: null }),
  });
  let lastProgress = 0;
  try {
    countCall();
    const info = await b.loadModel(source, job.controller.signal, (fraction) => {
      if (jobs.model !== job || fraction - lastProgress < 0.02) return;
      lastProgress = fraction;
      set({ model: { ...get().model, progress: fraction } });
    });
    if (!endJob('model', job)) return false;
    set({ model: { status: 'ready', info, progress: 1 }, retryModel: null });
    // A bundled model loaded before the service worker took control: have it cached for offline use.
    if (source.kind === 'catalogue' && !source.cache)
      void keepModelOffline(source.url).catch(() => undefined);
    return true;
  } catch (error) {
    if (!endJob('model', job) || isAbort(error)) return false;
    failedLoad = { source, title, custom };
    const message = describeError(error);
    if (previous) {
      lastModelSource = previous.source;
      customModel = previous.custom;
      set({
        model: { status: 'ready', info: previous.info, progress: 1 },
        modelId: previous.modelId,
        classIndex: previous.classIndex,
        layer: previous.layer,
        error: `${message} Still using ${previous.info.title}.`,
        retryModel: `${message} Still using ${previous.info.title}.`,
      });
    } else {
      set({ model: { status: 'error', info: null, progress: 0 }, error: message, retryModel: message });
    }
    return false;
  }
}

/** The Retry button: loads the model that failed last time again. */
export async function retryModelLoad(): Promise<void> {
  const failed = failedLoad;
  if (!failed || !bridge) return;
  set({ error: null, retryModel: null });
  if (failed.source.kind === 'catalogue') set({ modelId: failed.source.id });
  await loadModelFrom(failed.source, failed.title, false, failed.custom);
}

export async function selectModel(id: string): Promise<void> {
  set({ modelId: id, error: null, retryModel: null });
  const entry = findCatalogueEntry(id);
  if (!entry) {
    set({ error: `Unknown model "${id}".` });
    return;
  }
  await loadModelFrom(catalogueSource(id), entry.title, false);
}

export async function loadCustomModel(
  input: { files: File[] } | { url: string },
  meta: Omit<CustomModelMeta, 'format'>,
): Promise<void> {
  set({ error: null });
  try {
    let format: CustomModelMeta['format'];
    let source: ModelSource;
    if ('files' in input) {
      const json = input.files.find((f) => f.name.endsWith('.json') && f.name !== 'labels.json');
      if (!json) throw new Error('Pick the model.json file together with its weight files (.bin).');
      format = detectFormat(await json.text(), json.name);
      source = {
        kind: 'files',
        files: input.files.filter((f) => f !== json).concat(json),
        meta: { ...meta, format },
      };
    } else {
      let url: URL;
      try {
        url = new URL(input.url, document.baseURI);
      } catch {
        throw new Error(`"${input.url}" is not a valid URL.`);
      }
      if (!isAllowedModelUrl(url, window.location.origin)) {
        throw new Error(
          `Models can be loaded from this site or ${MODEL_HOSTS.map((h) => new URL(h).host).join(', ')} ` +
            `only (this page's security policy). Download the files from ${url.host} and pick them ` +
            'under "model.json + weight files" instead.',
        );
      }
      let text: string;
      try {
        const response = await fetch(url);
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        text = await response.text();
      } catch (error) {
        throw new Error(`Could not fetch ${url.href}: ${describeError(error)}`);
      }
      format = detectFormat(text, url.href);
      source = { kind: 'url', url: url.href, meta: { ...meta, format } };
    }
    await loadModelFrom(source, 'your model', false, true);
  } catch (error) {
    // Refused before loading: the current model was never touched.
    const current = get().model;
    const still = current.status === 'ready' && current.info ? ` Still using ${current.info.title}.` : '';
    set({ error: `${describeError(error)}${still}` });
  }
}

function detectFormat(text: string, name: string): CustomModelMeta['format'] {
  let json: { format?: string; modelTopology?: { node?: unknown } };
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`"${name}" is not a TensorFlow.js model.json (not valid JSON).`);
  }
  if (json.format === 'graph-model' || json.modelTopology?.node) return 'graph';
  if (json.format === 'layers-model' || json.modelTopology) return 'layers';
  throw new Error(`"${name}" is not a TensorFlow.js model.json (no modelTopology).`);
}

/** Labels from a JSON array or a text file with one label per line. */
export async function readLabelsFile(file: File): Promise<string[]> {
  const text = await file.text();
  try {
    const parsed = JSON.parse(text);
    if (Array.isArray(parsed)) return parsed.map(String);
    if (parsed && typeof parsed === 'object')
      return Object.keys(parsed)
        .sort((a, b) => +a - +b)
        .map((k) => String(parsed[k]));
  } catch {
    // Not JSON: one label per line.
  }
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

export function isCustomModel(): boolean {
  return customModel;
}

// ---------------------------------------------------------------- images

export async function setImageBlob(
  blob: Blob,
  name: string,
  sampleId: string | null = null,
  keepSelection = false,
): Promise<void> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await decodeImage(blob, name);
  } catch (error) {
    set({ error: describeError(error) });
    return;
  }
  const previous = get().image;
  abortStages('analyze', 'map', 'thumbs');
  set({
    image: {
      bitmap,
      width: bitmap.width,
      height: bitmap.height,
      name,
      sampleId,
      token: (previous?.token ?? 0) + 1,
    },
    analysis: null,
    map: null,
    thumbs: null,
    cancelledKey: null,
    error: null,
    ...(keepSelection ? {} : { classIndex: null }),
  });
  previous?.bitmap.close();
}

export async function loadSample(id: string, keepSelection = false): Promise<void> {
  const sample = findSample(id);
  if (!sample) {
    set({ error: `There is no sample called "${id}".` });
    return;
  }
  try {
    const response = await fetch(sampleUrl(sample));
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    await setImageBlob(await response.blob(), sample.title, sample.id, keepSelection);
  } catch (error) {
    set({ error: `Could not load the sample "${sample.title}": ${describeError(error)}` });
  }
}

/** Files from a picker, a drop or a paste: model files go to the model loader, images to the stage. */
export async function acceptFiles(files: File[]): Promise<void> {
  if (files.length === 0) return;
  const modelJson = files.find((f) => f.name.endsWith('.json') && f.name !== 'labels.json');
  if (modelJson && files.some((f) => f.name.endsWith('.bin') || /shard\d+of\d+$/.test(f.name))) {
    const labelsFile = files.find((f) => f.name === 'labels.json' || f.name.endsWith('.txt'));
    const labels = labelsFile ? await readLabelsFile(labelsFile) : undefined;
    await loadCustomModel(
      { files: files.filter((f) => f !== labelsFile) },
      { preprocess: { scale: 1 / 127.5, offset: -1 }, labels },
    );
    return;
  }
  await setImageBlob(files[0], files[0].name);
}

// ---------------------------------------------------------------- selections

export function selectClass(index: number): void {
  set({ classIndex: index, cancelledKey: null });
}
export function selectLayer(layer: string): void {
  set({ layer: layer === get().model.info?.defaultLayer ? null : layer, cancelledKey: null });
}
export function selectMethod(method: MethodName): void {
  set({ method, cancelledKey: null });
}
export async function selectBackend(request: BackendRequest): Promise<void> {
  set({ backendRequest: request, notice: null, error: null });
  if (!(await startWorker(request))) return;
  if (lastModelSource) await loadModelFrom(lastModelSource.source, lastModelSource.title, true);
}

export function cancelMap(): void {
  const job = jobs.map;
  if (!job) return;
  abortStages('map');
  set({ cancelledKey: job.key, mapProgress: null, notice: 'Cancelled. The previous map stays on screen.' });
}

export function dismissError(): void {
  set({ error: null });
}
export function dismissNotice(): void {
  set({ notice: null });
}

// ---------------------------------------------------------------- the pipeline

function clip(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Corrections of a restored link add to the notice about it rather than replacing it. */
function addNotice(current: string | null, sentence: string): string {
  return current?.startsWith('Ignored invalid link parameters') ? `${current} ${sentence}` : sentence;
}

function reconcile(s: AppState): void {
  const b = bridge;
  if (!b || !s.backend || s.model.status !== 'ready' || !s.model.info || !s.image) return;
  const info = s.model.info;

  const aKey = analysisKey(s);
  if (aKey && s.analysis?.key !== aKey) {
    if (jobs.analyze?.key !== aKey) void runAnalyze(b, aKey, s.image.bitmap);
    return;
  }

  // Selections restored from a link may not fit this model: fall back with a notice.
  if (s.classIndex !== null && s.classIndex >= info.numClasses) {
    set({
      classIndex: null,
      notice: addNotice(
        s.notice,
        `Class ${s.classIndex} does not exist in this model; showing the top class.`,
      ),
    });
    return;
  }
  if (s.layer !== null && !info.layers.some((layer) => layer.name === s.layer)) {
    set({
      layer: null,
      notice: addNotice(
        s.notice,
        `Layer "${clip(s.layer)}" is not in this model; using ${info.defaultLayer}.`,
      ),
    });
    return;
  }

  const mKey = wantedMapKey(s);
  const classIndex = effectiveClass(s);
  const layer = effectiveLayer(s);
  if (
    mKey &&
    classIndex !== null &&
    layer &&
    s.map?.key !== mKey &&
    jobs.map?.key !== mKey &&
    s.cancelledKey !== mKey
  ) {
    void runMap(b, mKey, classIndex, layer, s.method);
  }
  const tKey = wantedThumbsKey(s);
  if (tKey && layer && s.map?.key === mKey && s.thumbs?.key !== tKey && jobs.thumbs?.key !== tKey) {
    const indices = s.analysis?.predictions.map((p) => p.index) ?? [];
    if (indices.length) void runThumbs(b, tKey, indices, layer, thumbnailMethod(s.method));
  }
}

async function runAnalyze(b: GradcamBridge, key: string, bitmap: ImageBitmap): Promise<void> {
  abortStages('map', 'thumbs');
  const job = startJob('analyze', key, 'Analysing the image');
  try {
    const copy = await bitmapForModel(bitmap);
    if (jobs.analyze !== job) {
      copy.close();
      return;
    }
    countCall();
    const result = await b.setImage(copy, job.controller.signal);
    if (!endJob('analyze', job)) return;
    set({ analysis: { ...result, key } });
  } catch (error) {
    if (!endJob('analyze', job) || isAbort(error)) return;
    set({ error: describeError(error) });
  }
}

async function runMap(b: GradcamBridge, key: string, classIndex: number, layer: string, method: MethodName) {
  const slow = isSlowMethod(method);
  const job = startJob('map', key, `Computing ${methodLabel(method)}`);
  set({ mapProgress: slow ? 0 : null });
  try {
    countCall();
    const result = await b.heatmap(
      { classIndex, layer, method },
      job.controller.signal,
      slow
        ? (fraction) => {
            if (jobs.map === job) set({ mapProgress: fraction });
          }
        : undefined,
    );
    if (!endJob('map', job)) return;
    set({ map: { ...result, key }, mapProgress: null });
  } catch (error) {
    if (!endJob('map', job) || isAbort(error)) return;
    set({ error: describeError(error), mapProgress: null, cancelledKey: key });
  }
}

async function runThumbs(
  b: GradcamBridge,
  key: string,
  classIndices: number[],
  layer: string,
  method: MethodName,
) {
  const job = startJob('thumbs', key, 'Thumbnails');
  try {
    countCall();
    const maps = await b.heatmaps({ classIndices, layer, method }, job.controller.signal);
    if (!endJob('thumbs', job)) return;
    set({ thumbs: { key, maps } });
  } catch (error) {
    if (!endJob('thumbs', job) || isAbort(error)) return;
    // Thumbnails are a convenience: a failure is worth a notice, not an error.
    set({ thumbs: { key, maps: [] }, notice: `Thumbnails unavailable: ${describeError(error)}` });
  }
}

// ---------------------------------------------------------------- URL sync, debug hook, start

let lastQuery = '';
function syncUrl(s: AppState): void {
  const query = serializeUrl(s, customModel);
  if (query === lastQuery) return;
  lastQuery = query;
  const url = new URL(window.location.href);
  url.search = query;
  history.replaceState(history.state, '', url);
}

function installDebugHook(): void {
  window.gradcamDebug = {
    last() {
      const s = get();
      const map: MapResult | null = s.map;
      if (!map) return null;
      return {
        classIndex: map.classIndex,
        layer: map.layer,
        method: map.method,
        backend: map.backend,
        width: map.width,
        height: map.height,
        map: Array.from(map.lowRes),
        forwardPasses: map.forwardPasses,
        timingsMs: { forward: s.analysis?.forwardMs ?? null, cam: map.camMs },
        ready: isMapReady(s),
      };
    },
    workerCalls: () => workerCalls,
    model() {
      const { backend, model } = get();
      if (!backend || !model.info) return null;
      const { key, loadMs, from, numClasses, layers } = model.info;
      return { key, backend: backend.name, loadMs, from, numClasses, layers: layers.map((l) => l.name) };
    },
    benchmark: (spec) => requireBridge().benchmark(spec),
    bridgeCalls: () => ({ ...(bridge?.stats.byMethod ?? {}) }),
    memory: async () => (bridge ? bridge.memory() : null),
    killWorker: () => bridge?.debugKill(),
    loseWebGlContext: async () => (bridge ? bridge.debugLoseWebGlContext() : false),
    video: videoDebug,
  } satisfies GradcamDebug;
}

let started = false;
export async function start(): Promise<void> {
  if (started) return;
  started = true;
  installDebugHook();
  testFlags(); // read before the URL is rewritten from the state
  const url = parseUrl(window.location.search);
  const ignored = [...url.ignored];
  let sample = url.sample;
  if (sample !== null && !findSample(sample)) {
    ignored.push(`sample=${sample}`);
    sample = null;
  }
  // Shown as text (never HTML); long values are cut so that a hostile link cannot flood the page.
  const shown = ignored.map((item) => clip(item));
  set({
    ...DEFAULT_SETTINGS,
    ...url.settings,
    notice: shown.length ? `Ignored invalid link parameters: ${shown.join(', ')}.` : null,
  });
  // Reconcile in a microtask: coalesces bursts of updates and never re-enters itself from set().
  let scheduled = false;
  useStore.subscribe((s) => {
    syncUrl(s);
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(() => {
      scheduled = false;
      reconcile(get());
    });
  });
  syncUrl(get());
  const samplePromise = sample ? loadSample(sample, true) : Promise.resolve();
  if (await startWorker(get().backendRequest)) {
    const id = get().modelId;
    const entry = findCatalogueEntry(id);
    if (entry) await loadModelFrom(catalogueSource(id), entry.title, true);
  }
  await samplePromise;
}
