/** The share link: settings <-> query string. The URL always reflects the state (replaceState). */
import { findCatalogueEntry } from '../gradcam/catalogue';
import { isMethodName } from '../gradcam/methods/registry';
import { isColormapName } from '../render/colormaps';
import type { ViewMode } from '../render/draw-heatmap';
import { isBackendName } from '../worker/protocol';
import { parseMethodOptions, serializeMethodOptions } from './method-options-url';
import { type OwnModelLink, ownModelParams, parseOwnModelParams } from './own-model-url';
import type { MethodOptionSettings } from './slices/method-options';
import type { SettingsSlice } from './slices/settings';
import { DEFAULT_SETTINGS } from './slices/settings';
import type { AppState } from './store';
import { effectiveClass } from './store';

export interface UrlState {
  settings: Partial<SettingsSlice & MethodOptionSettings>;
  sample: string | null;
  /** Parameters that were present but invalid, for a notice. */
  ignored: string[];
  /** A model at a URL, its labels, preprocessing and size (own-model-url.ts). */
  own: OwnModelLink;
}

const VIEW_MODES: readonly ViewMode[] = ['overlay', 'side-by-side', 'heatmap', 'guided'];

export function parseUrl(search: string): UrlState {
  const params = new URLSearchParams(search);
  const settings: Partial<SettingsSlice> = {};
  const ignored: string[] = [];
  const model = params.get('model');
  if (model !== null) {
    if (findCatalogueEntry(model)) settings.modelId = model;
    else ignored.push(`model=${model}`);
  }
  const classParam = params.get('class');
  if (classParam !== null) {
    const n = Number(classParam);
    if (Number.isInteger(n) && n >= 0) settings.classIndex = n;
    else ignored.push(`class=${classParam}`);
  }
  const layer = params.get('layer');
  if (layer) settings.layer = layer;
  const method = params.get('method');
  if (method !== null) {
    if (isMethodName(method)) settings.method = method;
    else ignored.push(`method=${method}`);
  }
  const opacity = params.get('opacity');
  if (opacity !== null) {
    const n = Number(opacity);
    if (Number.isFinite(n) && n >= 0 && n <= 1) settings.opacity = n;
    else ignored.push(`opacity=${opacity}`);
  }
  const colormap = params.get('colormap');
  if (colormap !== null) {
    if (isColormapName(colormap)) settings.colormap = colormap;
    else ignored.push(`colormap=${colormap}`);
  }
  const view = params.get('view');
  if (view !== null) {
    if ((VIEW_MODES as readonly string[]).includes(view)) settings.viewMode = view as ViewMode;
    else ignored.push(`view=${view}`);
  }
  const backend = params.get('backend');
  if (backend !== null) {
    if (isBackendName(backend) || backend === 'auto') settings.backendRequest = backend;
    else ignored.push(`backend=${backend}`);
  }
  Object.assign(settings, parseMethodOptions(params, ignored));
  const own = parseOwnModelParams(params, ignored);
  return { settings, sample: params.get('sample'), ignored, own };
}

/** Query string for the current state (view mode and backend only when not the default). */
export function serializeUrl(s: AppState, customModel: boolean): string {
  const params = new URLSearchParams();
  if (!customModel) params.set('model', s.modelId);
  if (s.image?.sampleId) params.set('sample', s.image.sampleId);
  const classIndex = effectiveClass(s);
  if (classIndex !== null) params.set('class', String(classIndex));
  if (s.layer !== null) params.set('layer', s.layer);
  params.set('method', s.method);
  params.set('opacity', String(Math.round(s.opacity * 100) / 100));
  params.set('colormap', s.colormap);
  if (s.viewMode !== DEFAULT_SETTINGS.viewMode) params.set('view', s.viewMode);
  if (s.backendRequest !== 'auto') params.set('backend', s.backendRequest);
  for (const [key, value] of ownModelParams(s)) params.set(key, value);
  serializeMethodOptions(s, params);
  return params.toString();
}
