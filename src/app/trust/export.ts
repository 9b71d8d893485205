/**
 * Trust exports: the boxes as JSON (COCO-style, photo pixels), the measured curves and metrics with
 * each raw map as JSON, and the boxes drawn into the PNG export.
 */
import { drawBoxes } from '../../render/draw-boxes';
import type { AppState } from '../../state/store';
import { useStore } from '../../state/store';
import { currentTrust } from '../../state/trust';
import { baseName, download } from '../export-share';
import { isCustomModel } from '../page';
import { currentBoxes } from './boxes';
import { measuredRows } from './rows';

const json = (payload: unknown) => new Blob([JSON.stringify(payload, null, 1)], { type: 'application/json' });

/** What the PNG export draws on top when boxes are shown. */
export function drawShownBoxes(s: AppState) {
  if (!s.showBoxes) return undefined;
  const boxes = currentBoxes(s);
  return (ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D) => drawBoxes(ctx, boxes);
}

export function exportBoxesJson(): void {
  const boxes = currentBoxes(useStore.getState());
  download(json(boxes), `${baseName()}-boxes.json`);
}

export function exportMetricsJson(): void {
  const s = useStore.getState();
  const rows = measuredRows(s);
  const info = s.model.info;
  if (!info || (rows.length === 0 && !currentTrust(s, 'sanity'))) return;
  const sanity = currentTrust(s, 'sanity');
  const payload = {
    model: isCustomModel() ? info.title : s.modelId,
    image: s.image
      ? { name: s.image.name, sample: s.image.sampleId, width: s.image.width, height: s.image.height }
      : null,
    note: 'Curves: the class probability after each step of deleting (or inserting) the top-ranked pixels, step 0 first. map: min-max normalised map at layer resolution, row-major.',
    methods: rows.map(({ method, metrics, map }) => ({
      ...metrics,
      label: info.labels[metrics.classIndex],
      method,
      map: { width: map.width, height: map.height, lowRes: Array.from(map.values) },
    })),
    sanity: sanity ? (({ key: _key, ...rest }) => rest)(sanity) : null,
  };
  download(json(payload), `${baseName()}-metrics.json`);
}
