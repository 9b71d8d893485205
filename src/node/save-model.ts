/** Saving a tfjs LayersModel as model.json + one weights file on disk, as the converter would (Node only). */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';

/** The model's artifacts (topology, weight specs, weight bytes) without writing anything. */
export async function modelArtifacts(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return saved!;
}

/** The model.json object for artifacts whose weights live in `weightsFile`. */
export function modelJsonOf(
  artifacts: tf.io.ModelArtifacts,
  weightsFile: string,
  userDefinedMetadata?: Record<string, unknown>,
): Record<string, unknown> {
  return {
    format: 'layers-model',
    generatedBy: artifacts.generatedBy,
    convertedBy: 'Grad-CAM Studio tests',
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: [weightsFile], weights: artifacts.weightSpecs }],
    ...(userDefinedMetadata ? { userDefinedMetadata } : {}),
  };
}

/**
 * Writes `dir`/model.json and `dir`/`weightsFile` (created if needed); `files` adds sidecar files
 * (name -> text), e.g. a Teachable Machine metadata.json. Returns the model.json path.
 */
export async function saveModelToDir(
  model: tf.LayersModel,
  dir: string,
  opts: {
    userDefinedMetadata?: Record<string, unknown>;
    files?: Record<string, string>;
    weightsFile?: string;
  } = {},
): Promise<string> {
  const weightsFile = opts.weightsFile ?? 'weights.bin';
  const artifacts = await modelArtifacts(model);
  await mkdir(dir, { recursive: true });
  const parts = [artifacts.weightData ?? []].flat() as ArrayBuffer[];
  await writeFile(join(dir, weightsFile), Buffer.concat(parts.map((b) => new Uint8Array(b))));
  const path = join(dir, 'model.json');
  await writeFile(path, JSON.stringify(modelJsonOf(artifacts, weightsFile, opts.userDefinedMetadata)));
  for (const [name, text] of Object.entries(opts.files ?? {})) await writeFile(join(dir, name), text);
  return path;
}
