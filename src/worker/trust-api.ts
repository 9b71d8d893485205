/**
 * The worker side of the trust calls: metrics of the current map, compare methods, the sanity
 * check, on the session's analysed image (the engine passes its model, session and image).
 */
import * as tf from '@tensorflow/tfjs';
import type { MethodName } from '../gradcam/methods/registry';
import {
  cascadingRandomization,
  compareMethods,
  type FaithfulnessMetrics,
  faithfulnessMetrics,
  metricNumbers,
} from '../gradcam/metrics/index';
import type { LoadedModel } from '../gradcam/model';
import { preprocessImage } from '../gradcam/preprocess';
import type { GradCamSession } from '../gradcam/session';
import type { MetricsSummary, TrustRequest, TrustResult } from './trust-protocol';

function summary(m: FaithfulnessMetrics, method: MethodName, layer: string): MetricsSummary {
  return {
    classIndex: m.classIndex,
    method,
    layer,
    steps: m.steps,
    ...metricNumbers(m),
    probability: m.confidence.probability,
  };
}

export async function runTrust(
  model: LoadedModel,
  session: GradCamSession,
  image: tf.Tensor3D,
  request: TrustRequest,
  signal?: AbortSignal,
  onProgress?: (fraction: number) => void,
): Promise<{ result: TrustResult; transfer: ArrayBufferLike[] }> {
  if (session.layer !== request.layer) session.setLayer(request.layer);
  // The session's own preprocessing (crop, channels): the metrics see what the map explains.
  const input = preprocessImage(image, { ...model.meta, channels: model.channels });
  try {
    const opts = { signal, onProgress };
    if (request.kind === 'metrics') {
      const cam = await session.heatmap(request.classIndex, request.method, {
        signal,
        maxChannels: request.maxChannels,
      });
      const m = await faithfulnessMetrics(model, input, cam.heatmap, request.classIndex, {
        ...opts,
        steps: request.steps,
      });
      return { result: { kind: 'metrics', metrics: summary(m, request.method, cam.layer) }, transfer: [] };
    }
    if (request.kind === 'compare') {
      const rows = await compareMethods(session, input, request.classIndex, {
        ...opts,
        steps: request.steps,
        methods: request.methods,
        sortBy: request.sortBy,
      });
      const out = rows.map((r) => ({
        method: r.method,
        metrics: summary(r.metrics, r.method, request.layer),
        lowRes: r.lowRes,
        width: r.width,
        height: r.height,
      }));
      return { result: { kind: 'compare', rows: out }, transfer: out.map((r) => r.lowRes.buffer) };
    }
    const s = await cascadingRandomization(model, input, request.classIndex, {
      ...opts,
      method: request.method,
      layer: request.layer,
      seed: request.seed,
      maxChannels: request.maxChannels,
    });
    return {
      result: {
        kind: 'sanity',
        sanity: {
          method: s.method,
          layer: s.layer,
          classIndex: s.classIndex,
          blocks: s.blocks,
          correlations: s.steps.map((step) => step.correlation),
          layers: s.steps.map((step) => step.layers),
          halfwayCorrelation: s.halfwayCorrelation,
          halfwayStep: Math.ceil(s.blocks / 2),
          passed: s.passed,
          verdict: s.verdict,
        },
      },
      transfer: [],
    };
  } finally {
    tf.dispose(input);
  }
}
