/**
 * One photo through an open session, shared by `explain --image` and the batch run (batch.ts): the
 * model's input, the single-image JSON, the fields the model options add, the part of the photo seen.
 */
import type * as tf from '@tensorflow/tfjs';
import {
  type CamResult,
  type CropRegion,
  type GradCamSession,
  type LoadedModel,
  loadModel,
  type MethodName,
  preprocessPhoto,
  preprocessToParam,
} from '../gradcam/index';
import { type NodeBackend, setNodeBackend } from '../node/backend';
import { imageToTensor, type RgbImage } from '../node/decode-image';
import { type ResolvedModel, resolveModel } from '../node/resolve-model';
import { type CamArgs, camOptions, optionFields, writeGuided } from './cam-flags';
import { applyResize, type ModelOptions, modelLoadOptions } from './model-options';

export class UsageError extends Error {}

/**
 * The model of a command-line run: the backend set, the model resolved (catalogue id, folder, file or
 * URL) and loaded with the model options (sidecar metadata, --labels, --preprocess, --resize).
 * `load` is the time it took (ms), as the JSON's timingsMs.load reports it.
 */
export async function loadCliModel(args: {
  backend: NodeBackend;
  model: string;
  modelOptions: ModelOptions;
}): Promise<{ model: LoadedModel; resolved: ResolvedModel; load: number }> {
  await setNodeBackend(args.backend);
  const resolved = resolveModel(args.model);
  const t0 = performance.now();
  const model = await loadModel(
    resolved.source,
    resolved.meta,
    await modelLoadOptions(resolved, args.modelOptions),
  );
  applyResize(model, args.modelOptions);
  return { model, resolved, load: performance.now() - t0 };
}

/** The photo as the model's input (the model's preprocessing, channels and resize) and the part seen. */
export function photoInput(image: RgbImage, model: LoadedModel): { input: tf.Tensor4D; region: CropRegion } {
  const pixels = imageToTensor(image);
  try {
    return preprocessPhoto(pixels, { ...model.meta, channels: model.channels });
  } finally {
    pixels.dispose();
  }
}

function toRows(values: Float32Array, h: number, w: number): number[][] {
  const rows: number[][] = [];
  for (let y = 0; y < h; y++) rows.push(Array.from(values.subarray(y * w, (y + 1) * w)));
  return rows;
}

/**
 * One preprocessed image through an open session: the single-image JSON (this command's output,
 * shared with the batch run) and the map, with the method options (cam-flags.ts) in force; --guided
 * (single image only) also writes the Guided Backprop gradient. The session's layer is already set.
 */
export async function explainTensor(
  session: GradCamSession,
  modelId: string,
  x: tf.Tensor4D,
  args: { classIndex?: number; method: MethodName; topK: number } & Partial<CamArgs>,
  load: number,
): Promise<{
  result: Record<string, unknown> & { classIndex: number };
  cam: CamResult;
  probability: number;
}> {
  const model = session.model;
  const [H, W] = model.inputSize;
  const analysis = await session.analyze({ preprocessed: x }, { topK: args.topK });
  const classIndex = args.classIndex ?? analysis.predictions[0].index;
  if (classIndex >= model.numClasses) {
    throw new UsageError(`--class ${classIndex} is outside 0..${model.numClasses - 1}`);
  }
  const cam = await session.heatmap(classIndex, args.method, camOptions(args));
  const [h, w] = cam.layerShape;
  const result = {
    model: modelId,
    backend: cam.backend,
    layer: cam.layer,
    layerShape: cam.layerShape,
    method: cam.method,
    ...optionFields(args, cam),
    classIndex,
    classLabel: model.labels[classIndex],
    score: analysis.logits[classIndex],
    topK: analysis.predictions.map((p) => ({
      index: p.index,
      label: p.label,
      probability: p.probability,
      score: p.score,
    })),
    cam: toRows(cam.raw, h, w),
    heatmap: toRows(cam.heatmap, H, W),
    timingsMs: { load, forward: analysis.timingsMs.forward, cam: cam.timingsMs.cam },
    ...(await writeGuided(args, session, classIndex)),
  };
  return { result, cam, probability: analysis.probabilities[classIndex] };
}

/**
 * Model options (model-options.ts): what the head is, the preprocessing in force, where the labels
 * came from, and the part of the photo the model saw (photo pixels).
 */
export function modelFields(model: LoadedModel, region: CropRegion | undefined): Record<string, unknown> {
  return {
    task: model.task,
    preprocess: preprocessToParam(model.meta.preprocess),
    labelsFrom: model.sources.labels,
    ...(region ? { region } : {}),
  };
}

/** The part of the photo the model saw (the overlay is drawn on it). */
export function cropImage(image: RgbImage, r: CropRegion): RgbImage {
  if (r.x === 0 && r.y === 0 && r.width === image.width && r.height === image.height) return image;
  const data = new Uint8Array(r.width * r.height * 3);
  for (let y = 0; y < r.height; y++)
    data.set(
      image.data.subarray(((r.y + y) * image.width + r.x) * 3, ((r.y + y) * image.width + r.x + r.width) * 3),
      y * r.width * 3,
    );
  return { width: r.width, height: r.height, data };
}

/** The region as the boxes' photo frame takes it (none when the model saw the whole photo). */
export function cropOf(
  r: CropRegion | undefined,
): { x: number; y: number; w: number; h: number } | undefined {
  return r ? { x: r.x, y: r.y, w: r.width, h: r.height } : undefined;
}
