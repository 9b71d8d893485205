/**
 * The page's one pipeline and its actions, and start-up: read the link, want its model and sample,
 * and let the pipeline do the rest. UI components import their actions from here.
 */

import { DEFAULT_SETTINGS } from '../state/slices/settings';
import { appStore } from '../state/store';
import { parseUrl } from '../state/url';
import { keepDefaultModelOffline } from '../sw/register';
import { createActions } from './actions';
import { readTestFlags } from './debug-api';
import { installDebugHook } from './debug-hook';
import { catalogueSource } from './model-source';
import { createOwnModelActions } from './own-model';
import { Pipeline } from './pipeline';
import { findSample } from './samples';
import { clip } from './text';
import { syncUrl, type UrlSync } from './url-sync';
import { workerHost } from './worker-host';

// Read before the address bar is rewritten from the state.
const debugFlags = readTestFlags(window.location.search);

export const pipeline = new Pipeline({
  store: appStore,
  host: workerHost(debugFlags),
  // Once a model is in (the worker has cached its files), the default model is made ready offline.
  onModelLoaded: () => void keepDefaultModelOffline().catch(() => undefined),
});

export const actions = createActions(appStore, pipeline, {
  base: document.baseURI,
  origin: window.location.origin,
});

export const {
  acceptFiles,
  cancelMap,
  dismissError,
  dismissNotice,
  isCustomModel,
  loadCustomModel,
  loadSample,
  retryModelLoad,
  selectBackend,
  selectClass,
  selectLayer,
  selectMethod,
  selectModel,
} = actions;
export { readLabelsFile } from './model-source';

/** Your own model: files, URL (with the host confirmation), labels, preprocessing, input size. */
export const ownModel = createOwnModelActions(appStore, actions.loadCustomModel);

let urlSync: UrlSync | null = null;

/** Writes the address bar now (the share link reads it). */
export function flushUrl(): void {
  urlSync?.flush();
}

let started = false;
export async function start(): Promise<void> {
  if (started) return;
  started = true;
  installDebugHook(appStore, pipeline.engines);
  const url = parseUrl(window.location.search);
  const ignored = [...url.ignored];
  let sample = url.sample;
  if (sample !== null && !findSample(sample)) {
    ignored.push(`sample=${sample}`);
    sample = null;
  }
  // Shown as text (never HTML); long values are cut so that a hostile link cannot flood the page.
  const shown = ignored.map((item) => clip(item));
  const settings = { ...DEFAULT_SETTINGS, ...url.settings };
  appStore.setState({
    ...settings,
    modelSource: catalogueSource(settings.modelId, document.baseURI),
    notice: shown.length ? `Ignored invalid link parameters: ${shown.join(', ')}.` : null,
  });
  ownModel.openFromLink(url.own);
  urlSync = syncUrl(appStore);
  pipeline.start();
  if (sample) await loadSample(sample, true);
}
