/** The dataset view's Export buttons: CSV, JSON and the ZIP of overlays, downloaded as files. */
import { isAbortError } from '../../gradcam/abort';
import type { AppStore } from '../../state/store';
import { describeError } from '../jobs';
import type { Pipeline } from '../pipeline';
import { csvBlob, jsonBlob, zipBlob } from './export';

/** Longest side of the overlays in the ZIP. */
export const ZIP_MAX_SIDE = 1024;

function baseName(title: string): string {
  return title.replace(/[^\w.-]+/g, '_') || 'dataset';
}

export function createDatasetDownloads(
  store: AppStore,
  pipeline: Pipeline,
  download: (blob: Blob, filename: string) => void,
) {
  const { getState: get, setState: set } = store;
  let zipping: AbortController | null = null;

  const settings = () => {
    const s = get();
    return {
      model: s.model.info?.title ?? null,
      method: s.method,
      layer: s.dataset?.tiles.find(Boolean)?.row.layer ?? null,
      mode: s.datasetMode,
      classIndex: s.datasetMode === 'fixed-class' ? s.datasetClass : null,
    };
  };

  /** A table export: its rows' boxes are made first (boxes.ts), so it may take a moment. */
  const exportTable = async (kind: string, make: () => Promise<[Blob, string]> | null) => {
    try {
      const made = await make();
      if (made) download(...made);
    } catch (error) {
      set({ error: `The ${kind} export failed: ${describeError(error)}` });
    }
  };

  return {
    exportDatasetCsv(): Promise<void> {
      const { dataset: run, model } = get();
      const labels = model.info?.labels;
      return exportTable('CSV', () =>
        run && labels ? csvBlob(run, labels).then((blob) => [blob, `${baseName(run.title)}.csv`]) : null,
      );
    },
    exportDatasetJson(): Promise<void> {
      const run = get().dataset;
      return exportTable('JSON', () =>
        run ? jsonBlob(run, settings()).then((blob) => [blob, `${baseName(run.title)}.json`]) : null,
      );
    },
    async exportDatasetZip(): Promise<void> {
      const s = get();
      const run = s.dataset;
      const engine = pipeline.engines.current;
      if (!run || !engine?.datasetOverlay || zipping) return;
      const render = engine.datasetOverlay.bind(engine);
      zipping = new AbortController();
      set({ datasetExport: 0 });
      try {
        const blob = await zipBlob(
          run,
          render,
          { colormap: s.colormap, opacity: s.opacity, maxSide: ZIP_MAX_SIDE },
          (fraction) => set({ datasetExport: fraction }),
          zipping.signal,
        );
        download(blob, `${baseName(run.title)}-overlays.zip`);
      } catch (error) {
        if (!isAbortError(error)) set({ error: `The ZIP export failed: ${describeError(error)}` });
      } finally {
        zipping = null;
        set({ datasetExport: null });
      }
    },
    cancelDatasetZip(): void {
      zipping?.abort();
    },
  };
}
