/**
 * The explain command's trust-and-localise flags: --metrics, --boxes, --steps N, --box-threshold F.
 * Parsed here and wired into explain.ts with a few lines; the JSON fields are the test contract.
 */
import type * as tf from '@tensorflow/tfjs';
import {
  boxToPhoto,
  DEFAULT_BOX_THRESHOLD,
  DEFAULT_STEPS,
  faithfulnessMetrics,
  type LoadedModel,
  mapBoxes,
  metricNumbers,
  type PhotoFrame,
} from '../gradcam/index';

export const METRICS_USAGE = '[--metrics] [--steps 50] [--boxes] [--box-threshold 0.15]';

/** Options for node:util parseArgs. */
export const METRICS_OPTIONS = {
  metrics: { type: 'boolean' },
  steps: { type: 'string' },
  boxes: { type: 'boolean' },
  'box-threshold': { type: 'string' },
} as const;

export interface MetricsArgs {
  metrics: boolean;
  steps: number;
  boxes: boolean;
  boxThreshold: number;
}

export class MetricsUsageError extends Error {}

export function parseMetricsArgs(values: Record<string, string | boolean | undefined>): MetricsArgs {
  const steps = values.steps as string | undefined;
  if (steps != null && (!/^\d+$/.test(steps) || Number(steps) < 1)) {
    throw new MetricsUsageError('--steps must be an integer >= 1');
  }
  const threshold = values['box-threshold'] as string | undefined;
  const t = threshold == null ? DEFAULT_BOX_THRESHOLD : Number(threshold);
  if (threshold != null && (!/^[0-9.]+$/.test(threshold) || !(t >= 0 && t <= 1))) {
    throw new MetricsUsageError('--box-threshold must be a fraction of the map maximum in 0..1');
  }
  return {
    metrics: values.metrics === true,
    steps: steps == null ? DEFAULT_STEPS : Number(steps),
    boxes: values.boxes === true,
    boxThreshold: t,
  };
}

const round = (v: number, digits = 3) => Number(v.toFixed(digits));

/**
 * The `boxes` and `metrics` fields for the result JSON (only those asked for). `photo` is the image
 * the input was made from (its own pixels): boxes are mapped back to it.
 */
export async function metricsFields(
  args: MetricsArgs,
  model: LoadedModel,
  input: tf.Tensor4D,
  heatmap: Float32Array,
  classIndex: number,
  probability: number,
  photo: PhotoFrame,
): Promise<Record<string, unknown>> {
  const fields: Record<string, unknown> = {};
  if (args.boxes) {
    const [h, w] = model.inputSize;
    fields.boxes = mapBoxes(heatmap, h, w, { threshold: args.boxThreshold }).map((box) => {
      const p = boxToPhoto(box, model.inputSize, photo);
      return {
        classIndex,
        label: model.labels[classIndex],
        x: round(p.x),
        y: round(p.y),
        w: round(p.w),
        h: round(p.h),
        score: probability,
      };
    });
  }
  if (args.metrics) {
    const m = await faithfulnessMetrics(model, input, heatmap, classIndex, { steps: args.steps });
    fields.metrics = metricNumbers(m);
  }
  return fields;
}
