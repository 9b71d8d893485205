/**
 * Panels and views that the first photo view does not show, each in a chunk of its own: the page's entry
 * JavaScript stays small (bench/page-weight.ts), and the chunks are fetched while the page is idle, so
 * opening one later does not wait on the network.
 */
import { type ComponentType, lazy, Suspense } from 'react';

const loaders: (() => Promise<unknown>)[] = [];

function lazyPart<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  loaders.push(load);
  const Lazy = lazy(async () => ({ default: await load() }));
  // biome-ignore lint/correctness/noComponentHookFactories: made once per part, at module level
  return function LazyPart(props: P) {
    return (
      <Suspense fallback={null}>
        <Lazy {...props} />
      </Suspense>
    );
  };
}

export const ActionsPanel = lazyPart(async () => (await import('./components/ActionsPanel')).ActionsPanel);
export const DatasetView = lazyPart(async () => (await import('./components/Dataset')).DatasetView);
export const DatasetPicker = lazyPart(
  async () => (await import('./components/Dataset/Picker')).DatasetPicker,
);
export const DatasetBackBar = lazyPart(async () => (await import('./components/Dataset')).DatasetBackBar);
export const VideoStage = lazyPart(async () => (await import('./components/VideoStage')).VideoStage);
export const CameraControls = lazyPart(
  async () => (await import('./components/VideoPanel/controls')).CameraControls,
);
export const VideoControls = lazyPart(
  async () => (await import('./components/VideoPanel/controls')).VideoControls,
);
export const TrustPanel = lazyPart(async () => (await import('./components/Metrics')).TrustPanel);
export const BoxesPanel = lazyPart(async () => (await import('./components/Boxes')).BoxesPanel);
export const BoxesOverlay = lazyPart(async () => (await import('./components/Boxes')).BoxesOverlay);
export const HostConfirm = lazyPart(async () => (await import('./components/OwnModel')).HostConfirm);
export const ModelInfo = lazyPart(async () => (await import('./components/OwnModel')).ModelInfo);
export const OwnModelSource = lazyPart(async () => (await import('./components/OwnModel')).OwnModelSource);
export const PreprocessPicker = lazyPart(
  async () => (await import('./components/OwnModel')).PreprocessPicker,
);
export const MethodOptions = lazyPart(async () => (await import('./components/MethodOptions')).MethodOptions);

/** Fetch every lazy part now (once the first view is drawn and the page is idle). */
export function preloadLazyParts(): void {
  for (const load of loaders) void load();
}
