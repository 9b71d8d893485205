/**
 * The pipeline's stages, in order: model -> analysis -> selection check -> map -> thumbnails. Each
 * says which result the store wants now (a key), which one it has, and how to make it (one engine
 * call, run as a job). src/app/pipeline.ts runs the first stage whose result is out of date.
 * A new feature adds its stage here (see README, "Architecture").
 */
import { isSlowMethod, methodLabel, thumbnailMethod } from '../gradcam/methods/registry';
import { mapOptionsOf } from '../state/slices/method-options';
import {
  type AppState,
  type AppStore,
  analysisKey,
  analysisOptions,
  effectiveClass,
  effectiveLayer,
  isModelReady,
  wantedMapKey,
  wantedThumbsKey,
} from '../state/store';
import type { ModelSource } from '../worker/protocol';
import { datasetStage } from './dataset/stage';
import type { Engine } from './engine';
import { guidedStage } from './guided-stage';
import { describeError, type Jobs } from './jobs';
import { clip } from './text';
import { trustStage } from './trust/stage';

export interface StageContext {
  store: AppStore;
  jobs: Jobs;
  engine: Engine;
  /** After a model loaded (the page asks the service worker to keep it for offline use). */
  onModelLoaded?(source: ModelSource): void;
}

export interface Stage {
  /** Also the name of its job. */
  readonly name: string;
  /** Key of the result wanted now; null when none can be (later stages then wait too). */
  wanted(s: AppState): string | null;
  /** Key of the result the store has. */
  has(s: AppState): string | null;
  /** Makes the wanted result (through ctx.jobs.run); called when has != wanted and no job makes it yet. */
  run(ctx: StageContext, s: AppState, key: string): void;
}

/** Corrections of a restored link add to the notice about it rather than replacing it. */
function addNotice(current: string | null, sentence: string): string {
  return current?.startsWith('Ignored invalid link parameters') ? `${current} ${sentence}` : sentence;
}

/** The catalogue id inside a catalogue model's source (the model picker shows it). */
function catalogueId(source: ModelSource | null): string | null {
  return source?.kind === 'catalogue' ? source.id : null;
}

export const modelStage: Stage = {
  name: 'model',
  wanted: (s) => (s.modelSource && s.failedModel?.key !== s.modelSource.key ? s.modelSource.key : null),
  has: (s) => (isModelReady(s) ? (s.model.info?.key ?? null) : null),
  run({ store, jobs, engine, onModelLoaded }, s, key) {
    const source = s.modelSource as ModelSource;
    // The engine keeps the current model until the new one has loaded: a failed load falls back to it.
    const previous =
      s.model.status === 'ready' && s.model.info && s.model.source
        ? {
            model: s.model,
            classIndex: s.classIndex,
            layer: s.layer,
            analysis: s.analysis,
            map: s.map,
            thumbs: s.thumbs,
          }
        : null;
    store.setState({
      model: { status: 'loading', info: null, progress: 0, source: null },
      analysis: null,
      map: null,
      thumbs: null,
      cancelledKey: null,
      // Another model: its classes and layers are not this one's.
      ...(previous ? { classIndex: null, layer: null } : {}),
    });
    let shown = 0;
    void jobs.run(
      'model',
      key,
      `Loading ${source.title}`,
      (job) =>
        engine.loadModel(source, job.signal, (fraction) => {
          if (!job.current() || fraction - shown < 0.02) return;
          shown = fraction;
          store.setState({ model: { ...store.getState().model, progress: fraction } });
        }),
      (info) => {
        store.setState({
          model: { status: 'ready', info, progress: 1, source },
          modelCost: { key: source.key, multiplyAdds: info.multiplyAdds },
          retryModel: null,
        });
        onModelLoaded?.(source);
      },
      (error) => {
        const message = describeError(error);
        if (!previous) {
          store.setState({
            model: { status: 'error', info: null, progress: 0, source: null },
            failedModel: source,
            error: message,
            retryModel: message,
          });
          return;
        }
        const still = `${message} Still using ${previous.model.info?.title}.`;
        const back = previous.model.source as ModelSource;
        store.setState({
          model: previous.model,
          modelSource: back,
          failedModel: source,
          ...(catalogueId(back) ? { modelId: catalogueId(back) as string } : {}),
          classIndex: previous.classIndex,
          layer: previous.layer,
          // The engine still holds the previous model and its analysed image: nothing to recompute.
          analysis: previous.analysis,
          map: previous.map,
          thumbs: previous.thumbs,
          error: still,
          retryModel: still,
        });
      },
    );
  },
};

export const analysisStage: Stage = {
  name: 'analyze',
  // While the engine serves the camera or a video, the hidden photo view waits (its analysis, map and
  // thumbnails would queue in front of the frames); what it had stays, and is made again on return.
  wanted: (s) => (s.engineUse !== 'photo' ? null : analysisKey(s)),
  has: (s) => s.analysis?.key ?? null,
  run({ store, jobs, engine }, s, key) {
    const bitmap = (s.image as NonNullable<AppState['image']>).bitmap;
    void jobs.run(
      'analyze',
      key,
      'Analysing the image',
      (job) => engine.setImage(bitmap, job.signal, analysisOptions(s)),
      (result) => store.setState({ analysis: { ...result, key } }),
      (error) => store.setState({ error: describeError(error) }),
    );
  },
};

/** Selections restored from a link may not fit this model: fall back with a notice. */
function selectionProblem(s: AppState): Partial<AppState> | null {
  const info = s.model.info;
  if (!info) return null;
  if (s.classIndex !== null && s.classIndex >= info.numClasses) {
    return {
      classIndex: null,
      notice: addNotice(
        s.notice,
        `Class ${s.classIndex} does not exist in this model; showing the top class.`,
      ),
    };
  }
  if (s.layer !== null && !info.layers.some((layer) => layer.name === s.layer)) {
    return {
      layer: null,
      notice: addNotice(
        s.notice,
        `Layer "${clip(s.layer)}" is not in this model; using ${info.defaultLayer}.`,
      ),
    };
  }
  return null;
}

export const selectionStage: Stage = {
  name: 'selection',
  wanted: (s) => (s.analysis && s.analysis.key === analysisKey(s) ? 'valid' : null),
  has: (s) => (selectionProblem(s) ? null : 'valid'),
  run({ store }, s) {
    const patch = selectionProblem(s);
    if (patch) store.setState(patch);
  },
};

export const mapStage: Stage = {
  name: 'map',
  wanted: (s) => {
    const key = wantedMapKey(s);
    return key !== null && s.cancelledKey !== key ? key : null;
  },
  has: (s) => s.map?.key ?? null,
  run({ store, jobs, engine }, s, key) {
    const classIndex = effectiveClass(s) as number;
    const layer = effectiveLayer(s) as string;
    const { method } = s;
    const slow = isSlowMethod(method);
    store.setState({ mapProgress: slow ? 0 : null });
    void jobs.run(
      'map',
      key,
      `Computing ${methodLabel(method)}`,
      (job) =>
        engine.heatmap(
          { classIndex, layer, method, options: mapOptionsOf(s, layer) },
          job.signal,
          slow
            ? (fraction) => {
                if (job.current()) store.setState({ mapProgress: fraction });
              }
            : undefined,
        ),
      (result) => store.setState({ map: { ...result, key }, mapProgress: null }),
      (error) => store.setState({ error: describeError(error), mapProgress: null, cancelledKey: key }),
    );
  },
};

export const thumbnailsStage: Stage = {
  name: 'thumbs',
  wanted: (s) => (s.analysis?.predictions.length ? wantedThumbsKey(s) : null),
  has: (s) => s.thumbs?.key ?? null,
  run({ store, jobs, engine }, s, key) {
    const layer = effectiveLayer(s) as string;
    const method = thumbnailMethod(s.method);
    // The map on the stage is one of the thumbnails when it is of the same kind: not computed twice.
    const shown = s.map && s.map.method === method && s.map.layer === layer ? s.map : null;
    const classIndices = (s.analysis?.predictions ?? [])
      .map((p) => p.index)
      .filter((index) => index !== shown?.classIndex);
    const reused = shown && classIndices.length < (s.analysis?.predictions.length ?? 0) ? [shown] : [];
    void jobs.run(
      'thumbs',
      key,
      'Thumbnails',
      (job) =>
        classIndices.length
          ? engine.heatmaps({ classIndices, layer, method, options: mapOptionsOf(s, layer) }, job.signal)
          : Promise.resolve([]),
      (maps) => store.setState({ thumbs: { key, maps: [...reused, ...maps] } }),
      // Thumbnails are a convenience: a failure is worth a notice, not an error.
      (error) =>
        store.setState({
          thumbs: { key, maps: [] },
          notice: `Thumbnails unavailable: ${describeError(error)}`,
        }),
    );
  },
};

/** The stages in order; a stage runs once every stage before it has what it wants. */
export const STAGES: readonly Stage[] = [
  modelStage,
  datasetStage,
  analysisStage,
  selectionStage,
  mapStage,
  thumbnailsStage,
  guidedStage,
  trustStage,
];
