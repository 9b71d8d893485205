/** One zustand store built from typed slices; actions live at module level (src/app/controller.ts). */
import { create } from 'zustand';
import { thumbnailMethod } from '../gradcam/methods/registry';
import { createSessionSlice, type SessionSlice } from './slices/session';
import { createSettingsSlice, type SettingsSlice } from './slices/settings';

export type AppState = SettingsSlice & SessionSlice;

export const useStore = create<AppState>()((...args) => ({
  ...createSettingsSlice(...args),
  ...createSessionSlice(...args),
}));

// ---- Selectors (derived data is computed, never stored) ----

export function effectiveClass(s: AppState): number | null {
  if (s.classIndex !== null) return s.classIndex;
  return s.analysis?.predictions[0]?.index ?? null;
}

export function effectiveLayer(s: AppState): string | null {
  return s.layer ?? s.model.info?.defaultLayer ?? null;
}

export function analysisKey(s: AppState): string | null {
  if (!s.image || s.model.status !== 'ready' || !s.model.info) return null;
  return `${s.image.token}|${s.model.info.key}`;
}

/** Identity of the map the current selections ask for; null while something upstream is missing. */
export function wantedMapKey(s: AppState): string | null {
  const aKey = analysisKey(s);
  const classIndex = effectiveClass(s);
  const layer = effectiveLayer(s);
  if (!aKey || s.analysis?.key !== aKey || classIndex === null || !layer) return null;
  return `${aKey}|${classIndex}|${layer}|${s.method}`;
}

export function wantedThumbsKey(s: AppState): string | null {
  const aKey = analysisKey(s);
  const layer = effectiveLayer(s);
  if (!aKey || s.analysis?.key !== aKey || !layer) return null;
  return `${aKey}|${layer}|${thumbnailMethod(s.method)}`;
}

export function isMapReady(s: AppState): boolean {
  const key = wantedMapKey(s);
  return key !== null && s.map?.key === key;
}
