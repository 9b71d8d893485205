/**
 * One zustand store built from typed slices: what the user wants (settings, model source, photo) and
 * what the engine has (model, analysis, maps). Actions live in src/app/actions.ts; the pipeline
 * (src/app/pipeline.ts) subscribes to it and brings what the engine has up to what is wanted.
 */
import { createStore, useStore as useZustand } from 'zustand';
import { subscribeWithSelector } from 'zustand/middleware';
import { thumbnailMethod } from '../gradcam/methods/registry';
import { preprocessToParam } from '../gradcam/preprocessing/presets';
import type { AnalysisOptions } from '../worker/protocol';
import { createDatasetSlice, type DatasetSlice } from './slices/dataset';
import { createMethodOptionsSlice, type MethodOptionsSlice, optionsKey } from './slices/method-options';
import { createOwnModelSlice, type OwnModelSlice } from './slices/own-model';
import { createSessionSlice, type SessionSlice } from './slices/session';
import { createSettingsSlice, type SettingsSlice } from './slices/settings';
import { createTrustSlice, type TrustSlice } from './slices/trust';

export type AppState = SettingsSlice &
  SessionSlice &
  OwnModelSlice &
  TrustSlice &
  DatasetSlice &
  MethodOptionsSlice;

/** A fresh store (the page has one; each unit test makes its own). */
export function createAppStore() {
  return createStore<AppState>()(
    subscribeWithSelector((...args) => ({
      ...createSettingsSlice(...args),
      ...createSessionSlice(...args),
      ...createDatasetSlice(...args),
      ...createOwnModelSlice(...args),
      ...createTrustSlice(...args),
      ...createMethodOptionsSlice(...args),
    })),
  );
}

/** The store type the pipeline and the tests take (subscribe accepts a selector). */
export type AppStore = ReturnType<typeof createAppStore>;

/** The page's store. */
export const appStore = createAppStore();

/** React hook on the page's store; also `useStore.getState()` / `useStore.setState()`. */
export const useStore = Object.assign(
  <U>(selector: (s: AppState) => U): U => useZustand(appStore, selector),
  {
    getState: appStore.getState,
    setState: appStore.setState,
    subscribe: appStore.subscribe,
  },
);

// ---- Selectors (derived data is computed, never stored) ----

export function effectiveClass(s: AppState): number | null {
  if (s.classIndex !== null) return s.classIndex;
  return s.analysis?.predictions[0]?.index ?? null;
}

export function effectiveLayer(s: AppState): string | null {
  return s.layer ?? s.model.info?.defaultLayer ?? null;
}

/** The wanted model is the one loaded. */
export function isModelReady(s: AppState): boolean {
  return s.model.status === 'ready' && s.model.info !== null && s.model.info.key === s.modelSource?.key;
}

export function analysisKey(s: AppState): string | null {
  if (!s.image || !isModelReady(s) || !s.model.info) return null;
  return `${s.image.token}|${s.model.info.key}|${analysisOptionsKey(s)}`;
}

/** How the photo is prepared for the model (src/app/own-model.ts): part of the analysis' identity. */
export function analysisOptions(s: AppState): AnalysisOptions {
  return { preprocess: s.preprocessWanted, inputSize: s.inputSizeWanted };
}

function analysisOptionsKey(s: AppState): string {
  const preprocess = s.preprocessWanted ? preprocessToParam(s.preprocessWanted) : 'own';
  return s.inputSizeWanted ? `${preprocess}|${s.inputSizeWanted.join('x')}` : preprocess;
}

/** Identity of the map the current selections ask for; null while something upstream is missing. */
export function wantedMapKey(s: AppState): string | null {
  const aKey = analysisKey(s);
  const classIndex = effectiveClass(s);
  const layer = effectiveLayer(s);
  if (!aKey || s.analysis?.key !== aKey || classIndex === null || !layer) return null;
  return `${aKey}|${classIndex}|${layer}|${s.method}${optionsKey(s, layer)}`;
}

export function wantedThumbsKey(s: AppState): string | null {
  const aKey = analysisKey(s);
  const layer = effectiveLayer(s);
  if (!aKey || s.analysis?.key !== aKey || !layer) return null;
  return `${aKey}|${layer}|${thumbnailMethod(s.method)}${optionsKey(s, layer)}`;
}

export function isMapReady(s: AppState): boolean {
  const key = wantedMapKey(s);
  return key !== null && s.map?.key === key;
}
