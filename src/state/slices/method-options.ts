/**
 * The method options (issue 16): wanted (smoothing, several layers, score target, versus class:
 * all in the link) and had (the Guided Backpropagation pictures, computed only while their view
 * is shown). Selectors turn them into the request's options and the keys of the results.
 */
import type { StateCreator } from 'zustand';
import type { ScoreTarget } from '../../gradcam/types';
import type { GuidedResult, MapOptions } from '../../worker/method-options';
import type { AppState } from '../store';

export interface MethodOptionSettings {
  augSmooth: boolean;
  eigenSmooth: boolean;
  /** Layers combined with the target layer (aggregate_multi_layers); empty = the target layer alone. */
  extraLayers: string[];
  scoreTarget: ScoreTarget;
  /** "Why this class and not that one?"; null = off. */
  versusClass: number | null;
}

export interface MethodOptionsSlice extends MethodOptionSettings {
  guided: (GuidedResult & { key: string }) | null;
  /** The key of a Guided computation that failed: not retried until the selections change. */
  guidedFailed: string | null;
}

export const DEFAULT_METHOD_OPTIONS: MethodOptionSettings = {
  augSmooth: false,
  eigenSmooth: false,
  extraLayers: [],
  scoreTarget: 'logit',
  versusClass: null,
};

export const createMethodOptionsSlice: StateCreator<AppState, [], [], MethodOptionsSlice> = () => ({
  ...DEFAULT_METHOD_OPTIONS,
  guided: null,
  guidedFailed: null,
});

/**
 * The request's options for `layer` (the effective target layer); undefined when all are off.
 * Layers and a versus class the loaded model lacks are left out (a link made for another model).
 */
export function mapOptionsOf(s: AppState, layer: string): MapOptions | undefined {
  const info = s.model.info;
  const known = new Set(info?.layers.map((l) => l.name) ?? []);
  const layers = [...new Set([layer, ...s.extraLayers.filter((l) => known.has(l))])];
  const versus = s.versusClass !== null && info && s.versusClass < info.numClasses ? s.versusClass : null;
  const options: MapOptions = {
    ...(layers.length > 1 ? { layers } : {}),
    ...(s.augSmooth ? { augSmooth: true } : {}),
    ...(s.eigenSmooth ? { eigenSmooth: true } : {}),
    ...(s.scoreTarget !== 'logit' ? { target: s.scoreTarget } : {}),
    ...(versus !== null ? { versus } : {}),
  };
  return Object.keys(options).length ? options : undefined;
}

/** The options' part of a map's key ('' when all are off, so plain keys stay as they were). */
export function optionsKey(s: AppState, layer: string): string {
  const o = mapOptionsOf(s, layer);
  if (!o) return '';
  return `|${[
    o.layers?.join('+') ?? '',
    o.augSmooth ? 'aug' : '',
    o.eigenSmooth ? 'eigen' : '',
    o.target ?? '',
    o.versus ?? '',
  ].join(',')}`;
}

/** What wakes the pipeline among these fields. */
export function methodOptionsWork(s: AppState): unknown[] {
  return [s.augSmooth, s.eigenSmooth, s.extraLayers, s.scoreTarget, s.versusClass, s.viewMode, s.guided];
}
