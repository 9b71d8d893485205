/**
 * Preprocessing as data: the one definition of the presets' values (engine, page, command line and
 * share link all read this list; their labels for people are in preset-labels.ts), parsing a preset id or JSON, validation with plain messages, and
 * naming a preprocessing back (a preset id, or 'custom').
 */
import type { ColorOrder, Preprocess } from '../types';

export const PRESET_IDS = [
  'minus-one-one',
  'zero-one',
  'raw',
  'caffe',
  'torch',
  'teachable-machine',
  'gray-zero-one',
  'gray-minus-one-one',
] as const;
export type PresetId = (typeof PRESET_IDS)[number];
/** What a picker offers: the presets, then 'custom' (editable fields). */
export type PreprocessChoice = PresetId | 'custom';

const IMAGENET_MEAN_BGR = [103.939, 116.779, 123.68];

/** Each preset's values (their labels and hints for people: preset-labels.ts). */
export const PRESET_VALUES: Readonly<Record<PresetId, Preprocess>> = {
  'minus-one-one': { color: 'rgb', scale: 1 / 127.5, offset: -1 },
  'zero-one': { color: 'rgb', scale: 1 / 255, offset: 0 },
  raw: { color: 'rgb', scale: 1, offset: 0 },
  caffe: { color: 'bgr', scale: 1, offset: 0, mean: IMAGENET_MEAN_BGR },
  torch: {
    color: 'rgb',
    scale: 1 / 255,
    offset: 0,
    mean: [0.485, 0.456, 0.406],
    std: [0.229, 0.224, 0.225],
    resize: 'center-crop',
    cropFraction: 0.875,
  },
  'teachable-machine': { color: 'rgb', scale: 1 / 127, offset: -1, resize: 'center-crop', cropFraction: 1 },
  'gray-zero-one': { color: 'gray', scale: 1 / 255, offset: 0 },
  'gray-minus-one-one': { color: 'gray', scale: 1 / 127.5, offset: -1 },
};

export function isPresetId(id: unknown): id is PresetId {
  return typeof id === 'string' && (PRESET_IDS as readonly string[]).includes(id);
}

export function presetValue(id: PresetId): Preprocess {
  return normalizePreprocess(PRESET_VALUES[id]);
}

/** Every field filled in: color, mean/std with one value per channel, resize and cropFraction. */
export interface FullPreprocess {
  color: ColorOrder;
  scale: number;
  offset: number;
  mean: number[];
  std: number[];
  resize: 'stretch' | 'center-crop';
  cropFraction: number;
}

export function channelCount(color: ColorOrder | undefined): 1 | 3 {
  return color === 'gray' ? 1 : 3;
}

/** Defaults filled in; mean/std of length 1 are spread over the channels. Assumes a valid input. */
export function normalizePreprocess(p: Preprocess): FullPreprocess {
  const color = p.color ?? 'rgb';
  const n = channelCount(color);
  const spread = (v: readonly number[] | undefined, fill: number) =>
    v == null || v.length === 0 ? new Array(n).fill(fill) : v.length === 1 ? new Array(n).fill(v[0]) : [...v];
  return {
    color,
    scale: p.scale,
    offset: p.offset,
    mean: spread(p.mean, 0),
    std: spread(p.std, 1),
    resize: p.resize ?? 'stretch',
    cropFraction: p.resize === 'center-crop' ? (p.cropFraction ?? 1) : 1,
  };
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Plain-language problems with a preprocessing (e.g. from a link or a form); [] when valid. */
export function preprocessProblems(p: unknown): string[] {
  if (p == null || typeof p !== 'object' || Array.isArray(p)) return ['the preprocessing must be an object'];
  const o = p as Record<string, unknown>;
  const problems: string[] = [];
  const known = new Set(['color', 'scale', 'offset', 'mean', 'std', 'resize', 'cropFraction']);
  for (const key of Object.keys(o)) if (!known.has(key)) problems.push(`unknown field '${key}'`);
  if (o.color != null && o.color !== 'rgb' && o.color !== 'bgr' && o.color !== 'gray')
    problems.push(`color must be rgb, bgr or gray (got ${JSON.stringify(o.color)})`);
  if (!finite(o.scale) || o.scale === 0) problems.push('scale must be a non-zero number');
  if (!finite(o.offset)) problems.push('offset must be a number');
  const n = channelCount(o.color as ColorOrder | undefined);
  for (const key of ['mean', 'std'] as const) {
    const v = o[key];
    if (v == null) continue;
    if (!Array.isArray(v) || !v.every(finite)) problems.push(`${key} must be a list of numbers`);
    else if (v.length !== 1 && v.length !== n)
      problems.push(
        `${key} needs ${n === 1 ? '1 value' : '1 or 3 values'} for ${o.color ?? 'rgb'} (got ${v.length})`,
      );
    else if (key === 'std' && v.some((x) => x <= 0)) problems.push('std values must be > 0');
  }
  if (o.resize != null && o.resize !== 'stretch' && o.resize !== 'center-crop')
    problems.push(`resize must be stretch or center-crop (got ${JSON.stringify(o.resize)})`);
  if (o.cropFraction != null && (!finite(o.cropFraction) || o.cropFraction <= 0 || o.cropFraction > 1))
    problems.push('cropFraction must be in (0, 1]');
  return problems;
}

/** A validated copy, or an Error naming every problem. */
export function validatePreprocess(p: unknown, where = 'preprocessing'): Preprocess {
  const problems = preprocessProblems(p);
  if (problems.length) throw new Error(`Invalid ${where}: ${problems.join('; ')}`);
  const o = p as Preprocess;
  const out: Preprocess = { color: o.color ?? 'rgb', scale: o.scale, offset: o.offset };
  if (o.mean) out.mean = [...o.mean];
  if (o.std) out.std = [...o.std];
  if (o.resize) out.resize = o.resize;
  if (o.resize === 'center-crop') out.cropFraction = o.cropFraction ?? 1;
  return out;
}

/**
 * A preset id, or a preprocessing object, or its JSON text (command line, share link, metadata).
 * A `preset` field in an object starts from that preset: `{"preset": "torch", "resize": "stretch"}`.
 */
export function parsePreprocess(spec: unknown, where = 'preprocessing'): Preprocess {
  let value = spec;
  if (typeof spec === 'string') {
    const text = spec.trim();
    if (isPresetId(text)) return presetValue(text);
    if (!text.startsWith('{'))
      throw new Error(`Unknown ${where} '${text}': one of ${PRESET_IDS.join(', ')}, or a JSON object`);
    try {
      value = JSON.parse(text);
    } catch {
      throw new Error(`Invalid ${where}: not valid JSON`);
    }
  }
  if (value != null && typeof value === 'object' && 'preset' in value) {
    const { preset, ...rest } = value as { preset: unknown } & Record<string, unknown>;
    if (!isPresetId(preset)) throw new Error(`Unknown ${where} preset ${JSON.stringify(preset)}`);
    value = { ...presetValue(preset), ...rest };
  }
  return validatePreprocess(value, where);
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

export function samePreprocess(a: Preprocess, b: Preprocess): boolean {
  const x = normalizePreprocess(a);
  const y = normalizePreprocess(b);
  const sameList = (u: number[], v: number[]) => u.length === v.length && u.every((e, i) => close(e, v[i]));
  return (
    x.color === y.color &&
    close(x.scale, y.scale) &&
    close(x.offset, y.offset) &&
    sameList(x.mean, y.mean) &&
    sameList(x.std, y.std) &&
    x.resize === y.resize &&
    close(x.cropFraction, y.cropFraction)
  );
}

/** The preset this preprocessing is, or 'custom'. */
export function presetIdOf(p: Preprocess): PreprocessChoice {
  return PRESET_IDS.find((id) => samePreprocess(PRESET_VALUES[id], p)) ?? 'custom';
}

/** The short form for links and the command line: a preset id, else compact JSON. */
export function preprocessToParam(p: Preprocess): string {
  const id = presetIdOf(p);
  return id === 'custom' ? JSON.stringify(validatePreprocess(p)) : id;
}

/** Model input value -> pixel 0..255 (per channel, in `color` order): for drawing a preprocessed input. */
export function inputToPixel(value: number, channel: number, p: Preprocess): number {
  const f = normalizePreprocess(p);
  return (value * f.std[channel] + f.mean[channel] - f.offset) / f.scale;
}
