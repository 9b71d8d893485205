/**
 * Your own model, in the page: files (or a folder), a URL (another host asks first), a labels file,
 * the preprocessing (changing it re-runs only the analysis), a dynamic model's input size. As
 * changes to what the store wants; the pipeline does the rest.
 */
import { presetValue } from '../gradcam/preprocessing/presets';
import type { Preprocess } from '../gradcam/types';
import type { OwnModelLink } from '../state/own-model-url';
import type { AppState, AppStore } from '../state/store';
import type { CustomModelMeta } from '../worker/protocol';
import type { CustomModelInput } from './model-source';

/** The preprocessing an own model gets when neither its metadata nor the user names one. */
export const OWN_MODEL_DEFAULT_PREPROCESS = 'minus-one-one' as const;

/** The meta an own model is loaded with: the user's picks win over its metadata, defaults do not. */
export function ownModelMeta(
  s: AppState,
  extra: Partial<CustomModelMeta> = {},
): Omit<CustomModelMeta, 'format'> {
  return {
    preprocess: s.preprocessWanted ?? presetValue(OWN_MODEL_DEFAULT_PREPROCESS),
    preprocessChosen: s.preprocessWanted !== null,
    ...(s.labelsFile ? { labels: s.labelsFile.labels, labelsFrom: s.labelsFile.name } : {}),
    ...extra,
  };
}

type LoadCustom = (
  input: CustomModelInput,
  meta: Omit<CustomModelMeta, 'format'>,
  confirmedHost?: string,
) => void;

export function createOwnModelActions(store: AppStore, loadCustomModel: LoadCustom) {
  const { getState: get, setState: set } = store;

  /** The own model in use (files or URL), to reload with new labels. */
  function ownSource() {
    const source = get().modelSource;
    return source && source.kind !== 'catalogue' ? source : null;
  }

  return {
    /** model.json + weights (+ metadata.json, labels): picked, or a folder dropped. */
    loadModelFiles(files: File[]): void {
      if (files.length) loadCustomModel({ files }, ownModelMeta(get()));
    },
    /** A model.json URL; a host outside the page and the catalogue waits for confirmModelHost(). */
    loadModelUrl(url: string, extra: Partial<CustomModelMeta> = {}): void {
      loadCustomModel({ url }, ownModelMeta(get(), extra));
    },
    confirmModelHost(): void {
      const pending = get().pendingModelUrl;
      if (!pending) return;
      loadCustomModel({ url: pending.url }, pending.meta, pending.host);
      set({
        preprocessWanted: pending.meta.preprocessChosen ? pending.meta.preprocess : null,
        inputSizeWanted: pending.inputSize ?? null,
      });
    },
    /** A share link's model URL (asks first for another host), labels URL, preprocessing and size. */
    openFromLink(link: OwnModelLink): void {
      if (link.modelUrl) {
        const extra: Partial<CustomModelMeta> = link.labelsUrl ? { labelsUrl: link.labelsUrl } : {};
        if (link.preprocess) Object.assign(extra, { preprocess: link.preprocess, preprocessChosen: true });
        loadCustomModel({ url: link.modelUrl }, ownModelMeta(get(), extra));
      }
      const pending = get().pendingModelUrl;
      // A URL model waiting for its host confirmation takes them along; otherwise they apply now.
      if (pending) set({ pendingModelUrl: { ...pending, inputSize: link.inputSize } });
      else set({ preprocessWanted: link.preprocess, inputSizeWanted: link.inputSize });
    },
    cancelModelHost(): void {
      set({ pendingModelUrl: null });
    },
    /** null = the model's own again. The loaded model stays; only the analysis runs again. */
    choosePreprocess(preprocess: Preprocess | null): void {
      set({ preprocessWanted: preprocess, cancelledKey: null });
    },
    chooseInputSize(size: [number, number] | null): void {
      set({ inputSizeWanted: size, cancelledKey: null });
    },
    /** A labels file for own models; an own model in use is loaded again with them. */
    chooseLabels(file: { name: string; labels: string[] } | null): void {
      set({ labelsFile: file });
      const source = ownSource();
      if (!source || !file) return;
      const keep = { preprocessWanted: get().preprocessWanted, inputSizeWanted: get().inputSizeWanted };
      const meta = { ...source.meta, labels: file.labels, labelsFrom: file.name };
      if (source.kind === 'files') loadCustomModel({ files: source.files }, meta);
      else loadCustomModel({ url: source.url }, meta, new URL(source.url).host);
      set(keep);
    },
  };
}
