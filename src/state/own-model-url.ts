/**
 * The share link's own-model parameters: model-url, labels-url, preprocess (a preset id or JSON) and
 * input-size (HxW, dynamic-size models). A model from files cannot travel in a link; one at a URL does.
 */
import { parsePreprocess, preprocessToParam } from '../gradcam/preprocessing/presets';
import type { Preprocess } from '../gradcam/types';
import type { AppState } from './store';

export interface OwnModelLink {
  modelUrl: string | null;
  labelsUrl: string | null;
  preprocess: Preprocess | null;
  inputSize: [number, number] | null;
}

export function ownModelParams(s: AppState): [string, string][] {
  const out: [string, string][] = [];
  const source = s.modelSource;
  if (source?.kind === 'url') {
    out.push(['model-url', source.url]);
    if (source.meta.labelsUrl) out.push(['labels-url', source.meta.labelsUrl]);
  }
  if (s.preprocessWanted) out.push(['preprocess', preprocessToParam(s.preprocessWanted)]);
  if (s.inputSizeWanted) out.push(['input-size', s.inputSizeWanted.join('x')]);
  return out;
}

/** Reads the parameters; invalid ones are named in `ignored` (shown in the link notice). */
export function parseOwnModelParams(params: URLSearchParams, ignored: string[]): OwnModelLink {
  const link: OwnModelLink = { modelUrl: null, labelsUrl: null, preprocess: null, inputSize: null };
  const http = (value: string | null, name: string) => {
    if (value === null) return null;
    if (/^https?:\/\//i.test(value)) return value;
    ignored.push(`${name}=${value}`);
    return null;
  };
  link.modelUrl = http(params.get('model-url'), 'model-url');
  link.labelsUrl = http(params.get('labels-url'), 'labels-url');
  const preprocess = params.get('preprocess');
  if (preprocess !== null) {
    try {
      link.preprocess = parsePreprocess(preprocess);
    } catch {
      ignored.push(`preprocess=${preprocess}`);
    }
  }
  const size = params.get('input-size');
  if (size !== null) {
    const m = /^(\d{1,4})x(\d{1,4})$/.exec(size);
    const h = Number(m?.[1]);
    const w = Number(m?.[2]);
    if (m && h >= 8 && w >= 8) link.inputSize = [h, w];
    else ignored.push(`input-size=${size}`);
  }
  return link;
}
