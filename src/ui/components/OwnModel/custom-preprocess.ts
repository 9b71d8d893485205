/**
 * The custom preprocessing form's text fields: shown from a preprocessing, read back into one with
 * every problem named by the field's label. No DOM (unit-tested in Node).
 */
import {
  normalizePreprocess,
  preprocessProblems,
  validatePreprocess,
} from '../../../gradcam/preprocessing/presets';
import type { Preprocess } from '../../../gradcam/types';

export interface CustomTexts {
  color: string;
  scale: string;
  offset: string;
  mean: string;
  std: string;
  resize: string;
  cropFraction: string;
}

/** The fields validated, in the order of preprocessProblems' messages (each starts with its key). */
const LABELS = [
  ['color', 'Channels'],
  ['scale', 'Scale'],
  ['offset', 'Offset'],
  ['mean', 'Mean'],
  ['std', 'Std'],
  ['resize', 'Fit'],
  ['cropFraction', 'Crop fraction'],
] as const satisfies readonly (readonly [keyof CustomTexts, string])[];

export interface FieldProblem {
  field: keyof CustomTexts | null;
  text: string;
}

/** A number as people type it: "0.5", "-1", "1e-3" or a fraction "1/255"; NaN when it is none. */
export function parseNumber(text: string): number {
  const t = text.trim();
  const fraction = /^([^/]+)\/([^/]+)$/.exec(t);
  if (fraction) return parseNumber(fraction[1]) / parseNumber(fraction[2]);
  return t === '' ? Number.NaN : Number(t);
}

const numbers = (text: string) =>
  text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(parseNumber);

/** A scale as people write it: 1/255 rather than 0.00392156862745098 (exact either way). */
export function scaleText(scale: number): string {
  const plain = String(scale);
  const inverse = 1 / scale;
  const round = Math.round(inverse * 1e4) / 1e4;
  return plain.length > 8 && Math.abs(inverse - round) <= 1e-12 * Math.abs(inverse) ? `1/${round}` : plain;
}

export function customTexts(p: Preprocess): CustomTexts {
  const full = normalizePreprocess(p);
  return {
    color: full.color,
    scale: scaleText(full.scale),
    offset: String(full.offset),
    mean: full.mean.join(', '),
    std: full.std.join(', '),
    resize: full.resize,
    cropFraction: String(full.cropFraction),
  };
}

/** The preprocessing the fields say, or null and every problem ("Scale is empty", "Std values must be > 0"). */
export function readCustom(t: CustomTexts): { preprocess: Preprocess | null; problems: FieldProblem[] } {
  const crop = t.resize === 'center-crop';
  const candidate = {
    color: t.color,
    scale: parseNumber(t.scale),
    offset: parseNumber(t.offset),
    mean: numbers(t.mean),
    std: numbers(t.std),
    resize: t.resize,
    ...(crop ? { cropFraction: parseNumber(t.cropFraction) } : {}),
  };
  const checked: (keyof CustomTexts)[] = [
    'scale',
    'offset',
    'mean',
    'std',
    ...(crop ? ['cropFraction' as const] : []),
  ];
  const empty = new Set(checked.filter((key) => t[key].trim() === ''));
  const problems: FieldProblem[] = [];
  for (const [key, label] of LABELS)
    if (empty.has(key)) problems.push({ field: key, text: `${label} is empty` });
  for (const problem of preprocessProblems(candidate)) {
    const found = LABELS.find(([key]) => problem.startsWith(key));
    if (!found) problems.push({ field: null, text: problem });
    else if (!empty.has(found[0]))
      problems.push({ field: found[0], text: found[1] + problem.slice(found[0].length) });
  }
  return { preprocess: problems.length ? null : validatePreprocess(candidate), problems };
}
