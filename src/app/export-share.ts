/**
 * Export and share: the overlay as PNG at the photo's own size, the raw map as JSON, and the link
 * that restores the view (which can never carry the user's own image or model).
 */
import { shortLabel } from '../gradcam/short-label';
import { exportGuidedPng } from '../render/draw-guided';
import { exportPng as renderPng } from '../render/draw-heatmap';
import { useStore } from '../state/store';
import { isGuidedReady } from './guided-stage';
import { toHeatMap } from './heatmap-of';
import { describeError } from './jobs';
import { flushUrl, isCustomModel } from './page';
import { drawShownBoxes } from './trust/export';

const get = useStore.getState;
const set = useStore.setState;

export function baseName(): string {
  const s = get();
  const image = (s.image?.sampleId ?? s.image?.name ?? 'image').replace(/\.[a-z0-9]+$/i, '');
  const label =
    s.map && s.model.info ? shortLabel(s.model.info.labels[s.map.classIndex] ?? 'class') : 'class';
  return `${image}-${s.method}-${label}`.replace(/[^\w.-]+/g, '_');
}

export function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export async function exportPng(): Promise<void> {
  const s = get();
  if (!s.image || !s.map) return;
  try {
    if (s.viewMode === 'guided' && isGuidedReady(s) && s.guided) {
      // The Guided view exports Guided Grad-CAM at the photo's size.
      download(await exportGuidedPng(s.guided, s.image.width, s.image.height), `${baseName()}-guided.png`);
      return;
    }
    const blob = await renderPng(
      {
        image: s.image.bitmap,
        map: toHeatMap(s.map),
        opacity: s.opacity,
        colormap: s.colormap,
        viewMode: s.viewMode,
      },
      drawShownBoxes(s),
    );
    download(blob, `${baseName()}.png`);
  } catch (error) {
    set({ error: `Export failed: ${describeError(error)}` });
  }
}

export function exportJson(): void {
  const s = get();
  const map = s.map;
  if (!map || !s.model.info) return;
  const payload = {
    model: isCustomModel() ? s.model.info.title : s.modelId,
    image: s.image
      ? { name: s.image.name, sample: s.image.sampleId, width: s.image.width, height: s.image.height }
      : null,
    classIndex: map.classIndex,
    label: s.model.info.labels[map.classIndex],
    score: map.score,
    layer: map.layer,
    method: map.method,
    options: map.options,
    backend: map.backend,
    width: map.width,
    height: map.height,
    note: 'lowRes: min-max normalised map at layer resolution, row-major; raw: after ReLU, before normalisation.',
    lowRes: Array.from(map.lowRes),
    raw: Array.from(map.raw),
  };
  download(new Blob([JSON.stringify(payload, null, 1)], { type: 'application/json' }), `${baseName()}.json`);
}

export function shareUrl(): string {
  flushUrl();
  return window.location.href;
}

/** Copies the link; says what it cannot carry. Returns the sentence to show. */
export async function copyShareLink(): Promise<string> {
  const url = shareUrl();
  let copied = true;
  try {
    await navigator.clipboard.writeText(url);
  } catch {
    copied = false;
  }
  const s = get();
  const parts = [copied ? 'Link copied.' : 'Copy this link:'];
  if (s.image && !s.image.sampleId) {
    parts.push(
      'Your own image is not in the link (it never leaves this device): whoever opens it picks an image.',
    );
  }
  if (isCustomModel()) parts.push('Your own model is not in the link either.');
  const message = parts.join(' ');
  set({ notice: copied ? message : `${message} ${url}` });
  return message;
}
