/**
 * What the user does, as changes to what the store wants. No action calls the engine: the pipeline
 * (src/app/pipeline.ts) sees the change and runs the stages that are out of date.
 */
import type { MethodName } from '../gradcam/types';
import type { AppStore } from '../state/store';
import type { BackendRequest, CustomModelMeta } from '../worker/protocol';
import { decodeImage } from './image-input';
import { describeError } from './jobs';
import {
  type CustomModelInput,
  catalogueSource,
  customSource,
  HostConfirmationNeeded,
  isModelFiles,
} from './model-source';
import { ownModelMeta } from './own-model';
import type { Pipeline } from './pipeline';
import { findSample, sampleUrl } from './samples';

export interface PageContext {
  /** Bundled models and samples are resolved against it. */
  base: string;
  origin: string;
}

export function createActions(store: AppStore, pipeline: Pipeline, page: PageContext) {
  const { getState: get, setState: set } = store;

  /** A decoded photo becomes the wanted image (the old bitmap is released). */
  function showImage(
    bitmap: ImageBitmap,
    name: string,
    sampleId: string | null = null,
    keepSelection = false,
  ) {
    const previous = get().image;
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

  async function setImageBlob(
    blob: Blob,
    name: string,
    sampleId: string | null = null,
    keepSelection = false,
  ) {
    try {
      showImage(await decodeImage(blob, name), name, sampleId, keepSelection);
    } catch (error) {
      set({ error: describeError(error) });
    }
  }

  async function loadSample(id: string, keepSelection = false): Promise<void> {
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

  function selectModel(id: string): void {
    // Another model: its own preprocessing and size (src/app/own-model.ts) until the user picks others.
    set({
      modelId: id,
      error: null,
      retryModel: null,
      failedModel: null,
      preprocessWanted: null,
      inputSizeWanted: null,
    });
    try {
      set({ modelSource: catalogueSource(id, page.base) });
    } catch (error) {
      set({ error: describeError(error) });
    }
  }

  function loadCustomModel(
    input: CustomModelInput,
    meta: Omit<CustomModelMeta, 'format'>,
    confirmedHost?: string,
  ): void {
    set({ error: null, pendingModelUrl: null });
    try {
      const modelSource = customSource(input, meta, page, confirmedHost);
      set({
        modelSource,
        failedModel: null,
        retryModel: null,
        preprocessWanted: null,
        inputSizeWanted: null,
      });
    } catch (error) {
      if (error instanceof HostConfirmationNeeded) {
        set({ pendingModelUrl: { url: error.url, host: error.host, meta } });
        return;
      }
      // Refused before loading: the current model was never touched.
      const current = get().model;
      const still = current.status === 'ready' && current.info ? ` Still using ${current.info.title}.` : '';
      set({ error: `${describeError(error)}${still}` });
    }
  }

  /** Files from a picker, a drop or a paste: model files go to the model loader, images to the stage. */
  async function acceptFiles(files: File[]): Promise<void> {
    if (files.length === 0) return;
    if (isModelFiles(files)) {
      // Labels and metadata files among them are read beside model.json (src/gradcam/model-files.ts).
      loadCustomModel({ files }, ownModelMeta(get()));
      return;
    }
    await setImageBlob(files[0], files[0].name);
  }

  return {
    showImage,
    setImageBlob,
    loadSample,
    acceptFiles,
    selectModel,
    loadCustomModel,
    /** The Retry button: wants the model that failed last time again. */
    retryModelLoad(): void {
      const failed = get().failedModel;
      if (!failed) return;
      set({
        error: null,
        retryModel: null,
        failedModel: null,
        modelSource: failed,
        ...(failed.kind === 'catalogue' ? { modelId: failed.id } : {}),
      });
    },
    selectClass(index: number): void {
      set({ classIndex: index, cancelledKey: null });
    },
    selectLayer(layer: string): void {
      set({ layer: layer === get().model.info?.defaultLayer ? null : layer, cancelledKey: null });
    },
    selectMethod(method: MethodName): void {
      set({ method, cancelledKey: null });
    },
    /** The pipeline starts an engine on it and recomputes the view. */
    selectBackend(request: BackendRequest): void {
      set({ backendRequest: request, notice: null, error: null });
    },
    cancelMap(): void {
      const key = pipeline.cancel('map');
      if (key)
        set({ cancelledKey: key, mapProgress: null, notice: 'Cancelled. The previous map stays on screen.' });
    },
    dismissError(): void {
      set({ error: null });
    },
    dismissNotice(): void {
      set({ notice: null });
    },
    /** The model in use is the user's own (not in the catalogue, so not in a link). */
    isCustomModel(): boolean {
      const source = get().modelSource;
      return source !== null && source.kind !== 'catalogue';
    },
  };
}

export type Actions = ReturnType<typeof createActions>;
